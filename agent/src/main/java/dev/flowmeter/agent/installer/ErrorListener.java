// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Prints one line for a class that cannot be instrumented; that class, and the application, run on
 * as without the agent. Thread-safe.
 */
final class ErrorListener extends AgentBuilder.Listener.Adapter {
  @Override
  public void onError(
      String typeName,
      ClassLoader classLoader,
      JavaModule module,
      boolean loaded,
      Throwable throwable) {
    System.err.println(
        "flowmeter-agent: cannot instrument "
            + typeName
            + " ("
            + throwable
            + "); it runs uninstrumented");
  }

  @Override
  public void onTransformation(
      TypeDescription typeDescription,
      ClassLoader classLoader,
      JavaModule module,
      boolean loaded,
      net.bytebuddy.dynamic.DynamicType dynamicType) {
    if (Boolean.getBoolean("flowmeter.agent.debug")) {
      System.err.println("flowmeter-agent: instrumented " + typeDescription.getName());
    }
  }
}
