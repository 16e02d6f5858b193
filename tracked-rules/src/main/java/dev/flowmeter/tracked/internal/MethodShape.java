// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the rules need to know of one method, in plain terms each door can give: the processor from
 * its {@code javax.lang.model} elements, the agent from the class file. Names, type names and the
 * {@code @Tracked} attributes as written; nothing is decided here ({@link TrackedPlan} does that).
 *
 * <p>Type names are qualified and erased, as written in source: {@code java.io.InputStream}, {@code
 * long}, {@code char[]}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time. Immutable once built.
 */
public final class MethodShape {
  /** One parameter. */
  public static final class Parameter {
    private final @Nullable String name;
    private final String typeName;
    private final boolean totalBytes;

    Parameter(@Nullable String name, String typeName, boolean totalBytes) {
      this.name = name;
      this.typeName = Objects.requireNonNull(typeName, "typeName");
      this.totalBytes = totalBytes;
    }

    /** The parameter's name, or {@code null} when the class file does not record it. */
    public @Nullable String name() {
      return name;
    }

    /** The declared type's qualified, erased name ({@code long}, {@code java.nio.file.Path}). */
    public String typeName() {
      return typeName;
    }

    /** Whether the parameter is annotated {@code @TotalBytes}. */
    public boolean isTotalBytes() {
      return totalBytes;
    }

    /** Whether the parameter can hold a total: a {@code long} or an {@code int}. */
    public boolean isIntegral() {
      return typeName.equals("long") || typeName.equals("int");
    }
  }

  private final List<String> typeNames;
  private final String methodName;
  private final boolean tracked;
  private final String operation;
  private final String name;
  private final String total;
  private final List<Parameter> parameters;
  private final String returnTypeName;

  private MethodShape(Builder b) {
    this.typeNames = List.copyOf(b.typeNames);
    this.methodName = b.methodName;
    this.tracked = b.tracked;
    this.operation = b.operation;
    this.name = b.name;
    this.total = b.total;
    this.parameters = List.copyOf(b.parameters);
    this.returnTypeName = b.returnTypeName;
  }

  /**
   * Starts the shape of method {@code methodName}.
   *
   * @param typeNames the simple names of the declaring type and of the types it is nested in,
   *     outermost first: {@code [Outer, Inner]} for {@code Outer.Inner}
   */
  public static Builder builder(List<String> typeNames, String methodName) {
    return new Builder(typeNames, methodName);
  }

  /** The simple names of the declaring type and its enclosing types, outermost first. */
  public List<String> typeNames() {
    return typeNames;
  }

  public String methodName() {
    return methodName;
  }

  /**
   * Whether the method is annotated {@code @Tracked} (else it is tracked by name, through the
   * agent's {@code flowmeter.methods.include}, with every attribute left to its default).
   */
  public boolean isTracked() {
    return tracked;
  }

  /** The {@code operation} attribute as written, {@code ""} when left default. */
  public String operation() {
    return operation;
  }

  /** The {@code name} attribute as written, {@code ""} when left default. */
  public String name() {
    return name;
  }

  /** The {@code total} attribute as written, {@code ""} when left default. */
  public String total() {
    return total;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** The declared return type's qualified, erased name ({@code void} for none). */
  public String returnTypeName() {
    return returnTypeName;
  }

  /** Builds a {@link MethodShape}. Not thread-safe. */
  public static final class Builder {
    private final List<String> typeNames;
    private final String methodName;
    private boolean tracked;
    private String operation = "";
    private String name = "";
    private String total = "";
    private final List<Parameter> parameters = new ArrayList<>();
    private String returnTypeName = "void";

    private Builder(List<String> typeNames, String methodName) {
      this.typeNames = List.copyOf(typeNames);
      this.methodName = Objects.requireNonNull(methodName, "methodName");
    }

    /**
     * The method is annotated {@code @Tracked} with these attributes as written ({@code ""} for one
     * left default).
     */
    public Builder tracked(String operation, String name, String total) {
      this.tracked = true;
      this.operation = Objects.requireNonNull(operation, "operation");
      this.name = Objects.requireNonNull(name, "name");
      this.total = Objects.requireNonNull(total, "total");
      return this;
    }

    /**
     * Adds the next parameter.
     *
     * @param name its name, or {@code null} when the class file does not record it
     * @param typeName its declared type's qualified, erased name
     * @param totalBytes whether it is annotated {@code @TotalBytes}
     */
    public Builder parameter(@Nullable String name, String typeName, boolean totalBytes) {
      parameters.add(new Parameter(name, typeName, totalBytes));
      return this;
    }

    /** The declared return type's qualified, erased name; {@code void} unless set. */
    public Builder returns(String typeName) {
      this.returnTypeName = Objects.requireNonNull(typeName, "typeName");
      return this;
    }

    public MethodShape build() {
      return new MethodShape(this);
    }
  }
}
