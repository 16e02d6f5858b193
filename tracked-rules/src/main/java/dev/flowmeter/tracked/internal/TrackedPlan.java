// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one call of a {@code @Tracked} method reports, decided once for both doors: the operation,
 * the name, where the total comes from, how each stream is counted, and what the method got wrong.
 * The processor turns a plan into generated code; the agent evaluates it as the instrumented method
 * runs. Each rule here is the one documented on {@code dev.flowmeter.Tracked}:
 *
 * <ul>
 *   <li>Streams: a parameter declared as exactly {@code InputStream}, {@code OutputStream}, {@code
 *       ReadableByteChannel} or {@code WritableByteChannel} is counted; when the method returns one
 *       of them, the result is counted instead and the parameters are passed on as they are. The
 *       output of a copy (an input and an output parameter) is passed on uncounted: the call is one
 *       transfer counting the bytes read.
 *   <li>Operation: as written, unless blank; else {@code read} or {@code write} after the result,
 *       else {@code copy} for an input and an output parameter, {@code read} for an input, {@code
 *       write} for an output, {@code transfer} for none.
 *   <li>Name: the {@code name} template ({@link NameTemplate}); else the type and method ({@code
 *       Outer.Inner.method}), followed by the first {@code Path}, {@code File} or {@code URI}
 *       argument.
 *   <li>Total: the parameter named by {@code total}, else the one annotated {@code @TotalBytes};
 *       else the first {@code Path} or {@code File} parameter's size; else what is left of the
 *       first {@code FileInputStream}, {@code FileChannel} or {@code SeekableByteChannel} argument;
 *       else unknown.
 * </ul>
 *
 * <p>A misuse (a placeholder or a total naming no parameter, a total that is not a {@code long} or
 * {@code int}, a total given twice, nothing to count) is a {@link Problem}. The processor refuses
 * to generate code for a method with one; the agent reports it once and tracks the method without
 * the faulty part: a placeholder naming no parameter stays as written, a faulty total is unknown
 * ({@code total} wins over {@code @TotalBytes}, and the first {@code @TotalBytes} over the others).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time. Immutable, so thread-safe.
 */
public final class TrackedPlan {
  private static final List<String> SIZED = List.of("java.nio.file.Path", "java.io.File");
  private static final List<String> REMAINING =
      List.of(
          "java.io.FileInputStream",
          "java.nio.channels.FileChannel",
          "java.nio.channels.SeekableByteChannel");
  private static final List<String> LOCATIONS =
      List.of("java.nio.file.Path", "java.io.File", "java.net.URI");

  private final String operation;
  private final NameTemplate name;
  private final Total total;
  private final List<@Nullable StreamKind> parameterKinds;
  private final List<Wrapping> wrappings;
  private final @Nullable StreamKind resultKind;
  private final List<Problem> problems;

  private TrackedPlan(MethodShape method) {
    List<Problem> found = new ArrayList<>();
    List<MethodShape.Parameter> parameters = method.parameters();
    this.resultKind = StreamKind.of(method.returnTypeName());
    List<@Nullable StreamKind> kinds = new ArrayList<>();
    boolean input = false;
    boolean output = false;
    for (MethodShape.Parameter p : parameters) {
      StreamKind kind = StreamKind.of(p.typeName());
      kinds.add(kind);
      input |= kind != null && kind.isInput();
      output |= kind != null && !kind.isInput();
    }
    this.parameterKinds = kinds;
    List<Wrapping> wraps = new ArrayList<>();
    for (StreamKind kind : kinds) {
      if (kind == null || resultKind != null) {
        wraps.add(Wrapping.NONE);
      } else if (kind.isInput()) {
        wraps.add(Wrapping.READING);
      } else {
        wraps.add(input ? Wrapping.WRITING_AS_CHILD : Wrapping.WRITING);
      }
    }
    this.wrappings = wraps;
    if (method.isTracked() && resultKind == null && !input && !output) {
      found.add(
          new Problem(
              "@Tracked method '"
                  + method.methodName()
                  + "' has no parameter declared as "
                  + StreamKind.NAMES
                  + " and returns none of them: there is nothing to count. Pass the stream in or"
                  + " return it, or remove @Tracked.",
              Problem.Where.METHOD,
              -1));
    }
    this.operation = operation(method.operation(), resultKind, input, output);
    this.total = total(method, found);
    if (method.name().isEmpty()) {
      int where = firstOf(parameters, LOCATIONS);
      this.name =
          NameTemplate.labelled(
              TrackedNames.label(method.typeNames(), method.methodName()),
              where,
              where < 0 ? "" : String.valueOf(parameters.get(where).name()));
    } else {
      this.name = NameTemplate.parse(method.name(), parameters, found);
    }
    this.problems = List.copyOf(found);
  }

  /** The plan for {@code method}. */
  public static TrackedPlan of(MethodShape method) {
    return new TrackedPlan(method);
  }

  /** The operation word. */
  public String operation() {
    return operation;
  }

  /** The transfer's name. */
  public NameTemplate name() {
    return name;
  }

  /** Where the total comes from. */
  public Total total() {
    return total;
  }

  /** The kind of parameter {@code index} if it is declared as a stream type, else {@code null}. */
  public @Nullable StreamKind parameterKind(int index) {
    return parameterKinds.get(index);
  }

  /** How parameter {@code index} is passed on. */
  public Wrapping wrapping(int index) {
    return wrappings.get(index);
  }

  /** The kind of the result when it is counted, else {@code null} (the parameters are). */
  public @Nullable StreamKind resultKind() {
    return resultKind;
  }

  /** What the method got wrong, in the order found; empty for a correct use. */
  public List<Problem> problems() {
    return problems;
  }

  private static String operation(
      String written, @Nullable StreamKind result, boolean input, boolean output) {
    if (!written.isBlank()) {
      return written;
    }
    if (result != null) {
      return result.isInput() ? "read" : "write";
    }
    if (input && output) {
      return "copy";
    }
    return input ? "read" : output ? "write" : "transfer";
  }

  private static Total total(MethodShape method, List<Problem> problems) {
    List<MethodShape.Parameter> parameters = method.parameters();
    List<Integer> annotated = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      MethodShape.Parameter p = parameters.get(i);
      if (p.isTotalBytes()) {
        annotated.add(i);
        if (!p.isIntegral()) {
          problems.add(
              new Problem(
                  "@TotalBytes parameter '"
                      + p.name()
                      + "' is a "
                      + p.typeName()
                      + ", not an integral type. The total must be a long or int parameter.",
                  Problem.Where.TOTAL_BYTES,
                  i));
        }
      }
    }
    String quoted = "'" + method.methodName() + "'";
    if (annotated.size() > 1) {
      problems.add(
          new Problem(
              "@Tracked method "
                  + quoted
                  + " has @TotalBytes on more than one parameter ("
                  + names(parameters, annotated)
                  + "). Keep one.",
              Problem.Where.METHOD,
              -1));
    }
    String written = method.total();
    if (!written.isEmpty()) {
      if (!annotated.isEmpty()) {
        problems.add(
            new Problem(
                "@Tracked method "
                    + quoted
                    + " names its total twice, with total = \""
                    + written
                    + "\" and with @TotalBytes. Keep one.",
                Problem.Where.TOTAL,
                -1));
      }
      return argument(method, written, problems);
    }
    if (!annotated.isEmpty()) {
      int i = annotated.get(0);
      MethodShape.Parameter p = parameters.get(i);
      return p.isIntegral() ? Total.of(Total.Kind.ARGUMENT, i, p) : Total.UNKNOWN;
    }
    int file = firstOf(parameters, SIZED);
    if (file < 0) {
      file = firstOf(parameters, REMAINING);
    }
    return file < 0 ? Total.UNKNOWN : Total.of(Total.Kind.FILE, file, parameters.get(file));
  }

  private static Total argument(MethodShape method, String written, List<Problem> problems) {
    List<MethodShape.Parameter> parameters = method.parameters();
    int i = NameTemplate.indexOf(parameters, written);
    String prefix = "@Tracked(total = \"" + written + "\")";
    if (i < 0) {
      problems.add(
          new Problem(
              prefix
                  + " names no parameter of '"
                  + method.methodName()
                  + "' ("
                  + (namesKnown(parameters)
                      ? "parameters: " + names(parameters)
                      : "the class file does not record parameter names: compile with -parameters"
                          + " or -g")
                  + "). Name its long or int parameter that holds the size.",
              Problem.Where.TOTAL,
              -1));
      return Total.UNKNOWN;
    }
    MethodShape.Parameter p = parameters.get(i);
    if (!p.isIntegral()) {
      problems.add(
          new Problem(
              prefix
                  + ": parameter '"
                  + written
                  + "' is a "
                  + p.typeName()
                  + ", not an integral type. The total must be a long or int parameter.",
              Problem.Where.TOTAL,
              -1));
      return Total.UNKNOWN;
    }
    return Total.of(Total.Kind.ARGUMENT, i, p);
  }

  private static int firstOf(List<MethodShape.Parameter> parameters, List<String> typeNames) {
    for (int i = 0; i < parameters.size(); i++) {
      if (typeNames.contains(parameters.get(i).typeName())) {
        return i;
      }
    }
    return -1;
  }

  /** Whether every parameter's name is known (the class file may not record them). */
  static boolean namesKnown(List<MethodShape.Parameter> parameters) {
    for (MethodShape.Parameter p : parameters) {
      if (p.name() == null) {
        return false;
      }
    }
    return true;
  }

  /** The parameters' names for a message: {@code "file, in"}, or {@code "none"}. */
  static String names(List<MethodShape.Parameter> parameters) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      all.add(i);
    }
    return all.isEmpty() ? "none" : names(parameters, all);
  }

  private static String names(List<MethodShape.Parameter> parameters, List<Integer> indexes) {
    StringBuilder b = new StringBuilder();
    for (int i : indexes) {
      b.append(b.length() == 0 ? "" : ", ").append(parameters.get(i).name());
    }
    return b.toString();
  }
}
