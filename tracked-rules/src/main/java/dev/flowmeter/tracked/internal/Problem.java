// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

/**
 * A misuse of {@code @Tracked} that the rules found: the processor reports it as a compile error on
 * the element at fault, the agent prints it once and tracks the method without the faulty part.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time. Immutable.
 */
public final class Problem {
  /** What the problem is attached to. */
  public enum Where {
    /** The method and its {@code @Tracked} annotation. */
    METHOD,
    /** The annotation's {@code name} attribute. */
    NAME,
    /** The annotation's {@code total} attribute. */
    TOTAL,
    /** The {@code @TotalBytes} annotation of the parameter {@link #parameter()}. */
    TOTAL_BYTES
  }

  private final String message;
  private final Where where;
  private final int parameter;

  Problem(String message, Where where, int parameter) {
    this.message = message;
    this.where = where;
    this.parameter = parameter;
  }

  /** The message: what is wrong and what to do, one sentence or two. */
  public String message() {
    return message;
  }

  /** What the problem is attached to. */
  public Where where() {
    return where;
  }

  /** The index of the parameter at fault for {@link Where#TOTAL_BYTES}, else -1. */
  public int parameter() {
    return parameter;
  }

  @Override
  public String toString() {
    return where + ": " + message;
  }
}
