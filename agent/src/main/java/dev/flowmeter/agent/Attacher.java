// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import com.sun.tools.attach.VirtualMachine;
import java.io.PrintStream;

/**
 * {@code java -jar flowmeter-agent.jar attach <pid> [key=value;...]}: loads this jar as an agent
 * into a running JVM through the Attach API.
 *
 * <p>The target JVM retransforms the classes it has already loaded, and streams it already has open
 * are counted from the moment of attach on, their position and size taken from their file.
 */
final class Attacher {
  private Attacher() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2 || args.length > 3 || !"attach".equals(args[0])) {
      err.println("usage: java -jar flowmeter-agent.jar attach <pid> [key=value;key=value...]");
      return 2;
    }
    String pid = args[1];
    String options = args.length == 3 ? args[2] : "";
    try {
      AgentArguments.parse(options); // the same one-line error as the agent would print
      String jar = FlowmeterAgent.agentJar().getAbsolutePath();
      VirtualMachine vm = VirtualMachine.attach(pid);
      try {
        vm.loadAgent(jar, options);
      } finally {
        vm.detach();
      }
      out.println("flowmeter-agent: attached to " + pid);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("flowmeter-agent: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("flowmeter-agent: cannot attach to " + pid + " (" + e + ")");
      return 1;
    }
  }
}
