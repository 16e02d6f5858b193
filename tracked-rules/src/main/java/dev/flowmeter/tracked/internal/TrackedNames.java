// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import java.util.List;

/**
 * The one naming scheme of what {@code @Tracked} generates and shows: the companion class {@code
 * Foo_Tracked} beside {@code Foo} ({@code Outer_Inner_Tracked} for a nested {@code Outer.Inner}),
 * and the label {@code Outer.Inner.method} a transfer is named after by default.
 *
 * <p>Deterministic (it depends on the type's names only) so that users can write the companion's
 * name before the first build, and the agent can tell that a class has one.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TrackedNames {
  /** What ends the simple name of every companion class. */
  public static final String COMPANION_SUFFIX = "_Tracked";

  private TrackedNames() {}

  /**
   * The companion's simple name, in the package of the type.
   *
   * @param typeNames the simple names of the type and its enclosing types, outermost first
   */
  public static String companion(List<String> typeNames) {
    return String.join("_", typeNames) + COMPANION_SUFFIX;
  }

  /** The label of a method: {@code Outer.Inner.method}. */
  public static String label(List<String> typeNames, String methodName) {
    return String.join(".", typeNames) + "." + methodName;
  }
}
