// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/**
 * A call a hook makes: a public static method of the bootstrap bridge, by owner, name and
 * descriptor, with the values it is passed. Immutable.
 *
 * <p>The bridge method's parameter types must take the values as they are ({@code Object} for any
 * reference, the same primitive, or {@code long} for an {@code int}). An exit call that returns a
 * value replaces the method's return value with it; an enter call that returns a value makes it the
 * token the exit call can be passed.
 */
public final class Call {
  static final String BRIDGE = "dev/flowmeter/agent/bootstrap/";

  private final String owner;
  private final String name;
  private final String descriptor;
  private final List<Arg> args;

  private Call(String owner, String name, String descriptor, List<Arg> args) {
    this.owner = owner;
    this.name = name;
    this.descriptor = descriptor;
    this.args = args;
  }

  /**
   * A call of {@code bridgeClass.name} (the simple name of a class of the bridge package) with
   * {@code descriptor}, passed {@code args} in order.
   */
  public static Call of(String bridgeClass, String name, String descriptor, Arg... args) {
    return new Call(BRIDGE + bridgeClass, name, descriptor, List.of(args));
  }

  /** The bridge class's internal name. */
  public String owner() {
    return owner;
  }

  public String name() {
    return name;
  }

  public String descriptor() {
    return descriptor;
  }

  public List<Arg> args() {
    return args;
  }
}
