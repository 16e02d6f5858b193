// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

/**
 * One value a hook passes to its bridge method: what the instrumented method has at hand when the
 * hook runs. Immutable.
 */
public final class Arg {
  /** What the value is. */
  public enum Kind {
    /** {@code this}. */
    THIS,
    /** What the enter hook returned (on exit only). */
    TOKEN,
    /** The value the method returns: its type's default when it threw. */
    RETURN,
    /** What the method threw, {@code null} when it returned (on exit only). */
    THROWN,
    /** One of the method's arguments, by position. */
    ARGUMENT,
    /** A field of {@code this}, by name and descriptor. */
    FIELD,
    /**
     * A field of one of the method's arguments, when that argument is an instance of the hooked
     * class; {@code null} when it is not (or is {@code null}).
     */
    ARGUMENT_FIELD,
    /** A constant {@code long}. */
    CONSTANT
  }

  /** {@code this}. */
  public static final Arg THIS = new Arg(Kind.THIS, 0, null, null, 0);

  /** What the enter hook returned. */
  public static final Arg TOKEN = new Arg(Kind.TOKEN, 0, null, null, 0);

  /** The returned value. */
  public static final Arg RETURN = new Arg(Kind.RETURN, 0, null, null, 0);

  /** The exception thrown, or {@code null}. */
  public static final Arg THROWN = new Arg(Kind.THROWN, 0, null, null, 0);

  private final Kind kind;
  private final int index;
  private final String name;
  private final String descriptor;
  private final long constant;

  private Arg(Kind kind, int index, String name, String descriptor, long constant) {
    this.kind = kind;
    this.index = index;
    this.name = name;
    this.descriptor = descriptor;
    this.constant = constant;
  }

  /** The method's argument at {@code index} (0 is the first after {@code this}). */
  public static Arg argument(int index) {
    return new Arg(Kind.ARGUMENT, index, null, null, 0);
  }

  /**
   * The field {@code name} of {@code this}, of type {@code descriptor} ({@code I}, {@code J}...). A
   * reference field given as {@code Ljava/lang/Object;} is read with the type the class declares
   * (which may differ between JDKs: {@code FileChannelImpl.parent} is an {@code Object} on JDK 17,
   * a {@code Closeable} on JDK 25); a reference field the class does not have passes {@code null}.
   */
  public static Arg field(String name, String descriptor) {
    return new Arg(Kind.FIELD, 0, name, descriptor, 0);
  }

  /**
   * The reference field {@code name} of the method's argument at {@code index} when that argument
   * is an instance of the hooked class (a private field of another instance, which only the class's
   * own code may read), else {@code null}: the other channel of a channel-to-channel transfer, for
   * instance.
   */
  public static Arg argumentField(int index, String name) {
    return new Arg(Kind.ARGUMENT_FIELD, index, name, "Ljava/lang/Object;", 0);
  }

  /** The constant {@code value}, as a {@code long}. */
  public static Arg constant(long value) {
    return new Arg(Kind.CONSTANT, 0, null, "J", value);
  }

  public Kind kind() {
    return kind;
  }

  /** The argument's position, for {@link Kind#ARGUMENT} and {@link Kind#ARGUMENT_FIELD}. */
  public int index() {
    return index;
  }

  /** The field's name, for {@link Kind#FIELD} and {@link Kind#ARGUMENT_FIELD}. */
  public String name() {
    return name;
  }

  /** The field's or constant's type descriptor. */
  public String descriptor() {
    return descriptor;
  }

  /** The constant, for {@link Kind#CONSTANT}. */
  public long constant() {
    return constant;
  }
}
