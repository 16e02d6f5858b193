// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.lang.reflect.Method;

/**
 * A program run in a forked JVM, without the agent, that reports an installer failure through the
 * agent's own code ({@code FlowmeterAgent.fail}) once while it runs and once while the JVM shuts
 * down, as the installer does when the JVM ends under it; {@code debug} as argument sets the flag.
 */
public final class ShutdownFailureProgram {
  private ShutdownFailureProgram() {}

  public static void main(String[] args) throws Exception {
    boolean debug = args.length > 0 && "debug".equals(args[0]);
    Method fail =
        Class.forName("dev.flowmeter.agent.FlowmeterAgent")
            .getDeclaredMethod("fail", String.class, Throwable.class, boolean.class);
    fail.setAccessible(true);
    fail.invoke(
        null, "cannot install (while running)", new IllegalStateException("running"), debug);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    fail.invoke(
                        null,
                        "cannot install (while exiting)",
                        new NullPointerException("exiting"),
                        debug);
                  } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                  }
                }));
  }
}
