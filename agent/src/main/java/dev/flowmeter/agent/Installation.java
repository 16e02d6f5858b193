// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * Installs the instrumentation on the agent's daemon thread: creates the agent's own class loader
 * over the hidden part of the jar and hands over to the installer inside it.
 */
final class Installation implements Runnable {
  private static final String INSTALLER = "dev.flowmeter.agent.installer.AgentInstaller";

  private final Instrumentation instrumentation;
  private final File jar;
  private final AgentArguments arguments;
  private final boolean attached;
  private final boolean debug;

  Installation(
      Instrumentation instrumentation,
      File jar,
      AgentArguments arguments,
      boolean attached,
      boolean debug) {
    this.instrumentation = instrumentation;
    this.jar = jar;
    this.arguments = arguments;
    this.attached = attached;
    this.debug = debug;
  }

  @Override
  public void run() {
    try {
      ClassLoader loader = new AgentClassLoader(jar);
      Class<?> installer = Class.forName(INSTALLER, true, loader);
      installer
          .getMethod("install", Instrumentation.class, boolean.class, boolean.class)
          .invoke(null, instrumentation, attached, debug);
    } catch (InvocationTargetException e) {
      fail(e.getCause());
    } catch (Throwable e) {
      fail(e);
    }
  }

  /**
   * Undoes the agent arguments and reports {@code e}: in one line, with its stack trace under
   * {@code flowmeter.agent.debug}, and not at all when the JVM is exiting under the installer.
   */
  private void fail(Throwable e) {
    arguments.undo();
    // configuration errors carry their own one-line message naming key, value and what is accepted
    boolean config = e instanceof IllegalArgumentException && e.getMessage() != null;
    FlowmeterAgent.fail(config ? e.getMessage() : "cannot install (" + e + ")", e, debug);
  }
}
