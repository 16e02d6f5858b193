// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

/**
 * Where a tracked call's total comes from: an argument that is the total, an argument whose file
 * gives it ({@code TrackedCall.totalOf(argument)}: a {@code Path}'s or {@code File}'s size, what is
 * left of a {@code FileInputStream} or {@code FileChannel}), or nowhere (unknown).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time. Immutable.
 */
public final class Total {
  /** How the total is found. */
  public enum Kind {
    /** The total is unknown. */
    UNKNOWN,
    /** The {@code long} or {@code int} argument is the total (a negative one means unknown). */
    ARGUMENT,
    /** {@code TrackedCall.totalOf(argument)}: the size, or what is left, of the argument's file. */
    FILE
  }

  static final Total UNKNOWN = new Total(Kind.UNKNOWN, -1, "");

  private final Kind kind;
  private final int parameter;
  private final String parameterName;

  private Total(Kind kind, int parameter, String parameterName) {
    this.kind = kind;
    this.parameter = parameter;
    this.parameterName = parameterName;
  }

  static Total of(Kind kind, int parameter, MethodShape.Parameter p) {
    String name = p.name();
    return new Total(kind, parameter, name == null ? "arg" + parameter : name);
  }

  public Kind kind() {
    return kind;
  }

  /** The index of the parameter the total comes from, or -1 when unknown. */
  public int parameter() {
    return parameter;
  }

  /** That parameter's name ({@code ""} when unknown). */
  public String parameterName() {
    return parameterName;
  }
}
