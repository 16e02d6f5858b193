// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.Arrays;
import java.util.Set;

/**
 * What the agent adds to the methods of one JDK class that match: a call when the method starts, a
 * call when it returns (and, with {@link #orThrows()}, when it throws), and, under {@code
 * flowmeter.agent.cancel=interrupt}, the check that stops a cancelled transfer's next call.
 *
 * <p>Methods are matched by name and descriptor only, so no class is loaded or parsed to decide:
 * {@code null} matches any descriptor, {@code "(*)J"} any arguments with that return type, anything
 * else the descriptor exactly. Only public methods match unless {@link #anyAccess()}. Constructors
 * take exit calls only, made when they return. Immutable once built.
 */
public final class Hook {
  private final Set<String> names;
  private final String descriptor;
  private boolean anyAccess;
  private Call enter;
  private int[] replaces = new int[0];
  private Call exit;
  private boolean onThrow;
  private boolean stops;
  private Arg stopOwner;
  private int since;

  private Hook(Set<String> names, String descriptor) {
    this.names = names;
    this.descriptor = descriptor;
  }

  /** A hook on the methods called one of {@code names} with {@code descriptor} (see above). */
  public static Hook on(String descriptor, String... names) {
    return new Hook(Set.of(names), descriptor);
  }

  /** Matches private and package-private methods too. */
  public Hook anyAccess() {
    anyAccess = true;
    return this;
  }

  /** Makes {@code call} when the method starts. */
  public Hook enter(Call call) {
    this.enter = call;
    return this;
  }

  /**
   * Makes {@code call} when the method starts; it returns an {@code Object[]} whose elements
   * replace the method's arguments at {@code arguments}, in order.
   */
  public Hook enterReplacing(Call call, int... arguments) {
    this.enter = call;
    this.replaces = arguments.clone();
    return this;
  }

  /** Makes {@code call} when the method returns. */
  public Hook exit(Call call) {
    this.exit = call;
    return this;
  }

  /** Makes {@code call} when the method returns or throws (then rethrowing what it threw). */
  public Hook exitOrThrow(Call call) {
    this.exit = call;
    this.onThrow = true;
    return this;
  }

  /** Adds the cancel check under {@code flowmeter.agent.cancel=interrupt}. */
  public Hook stops() {
    this.stops = true;
    return this;
  }

  /**
   * Adds the cancel check, made on the stream {@code owner} names when it is not {@code null}, else
   * on {@code this}: a channel a file stream made counts into that stream's transfer.
   */
  public Hook stops(Arg owner) {
    this.stops = true;
    this.stopOwner = owner;
    return this;
  }

  /** What the cancel check looks up instead of {@code this}, or {@code null}. */
  public Arg stopOwner() {
    return stopOwner;
  }

  /**
   * Says that the method exists from JDK {@code feature} on (the hook matches nothing before): only
   * for the tests that check that every hook matches a method of the JDK they run on.
   */
  public Hook since(int feature) {
    this.since = feature;
    return this;
  }

  /** The first JDK with the method, 0 when every JDK the agent supports has it. */
  public int since() {
    return since;
  }

  /** Whether this hook applies to the method {@code name} with {@code methodDescriptor}. */
  public boolean matches(boolean isPublic, String name, String methodDescriptor) {
    if (!names.contains(name) || (!isPublic && !anyAccess && !name.equals("<init>"))) {
      return false;
    }
    if (descriptor == null) {
      return true;
    }
    if (descriptor.startsWith("(*)")) {
      return methodDescriptor.endsWith(")" + descriptor.substring(3));
    }
    return descriptor.equals(methodDescriptor);
  }

  public Call enterCall() {
    return enter;
  }

  /** The arguments the enter call's result replaces, empty when it is a token. */
  public int[] replaced() {
    return replaces.clone();
  }

  public Call exitCall() {
    return exit;
  }

  /** Whether the exit call is also made when the method throws. */
  public boolean orThrows() {
    return onThrow;
  }

  /** Whether the method gets the cancel check. */
  public boolean isStopping() {
    return stops;
  }

  @Override
  public String toString() {
    return "Hook" + names + (descriptor == null ? "" : descriptor) + Arrays.toString(replaces);
  }
}
