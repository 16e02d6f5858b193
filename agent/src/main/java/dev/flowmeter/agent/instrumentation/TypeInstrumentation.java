// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/**
 * One instrumented JDK type: its name (the only thing matched, so no class is loaded or parsed to
 * decide) and the {@link Hook}s put into its methods.
 */
public interface TypeInstrumentation {
  /** The instrumentation's name in {@code flowmeter.instrumentation.<name>.enabled}. */
  String group();

  /** The fully qualified name of the instrumented type. */
  String typeName();

  /** The hooks of this type, the first that matches a method applying to it. */
  List<Hook> hooks();
}
