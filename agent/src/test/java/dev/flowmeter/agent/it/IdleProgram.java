// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

/**
 * A program run in a forked JVM for the agent to be attached to: prints its process id and waits
 * until its standard input ends (or two minutes have passed).
 */
public final class IdleProgram {
  private IdleProgram() {}

  public static void main(String[] args) throws Exception {
    System.out.println("pid " + ProcessHandle.current().pid());
    System.out.flush();
    Thread reader =
        new Thread(
            () -> {
              try {
                System.in.readAllBytes();
              } catch (java.io.IOException e) {
                // the end of the input is all this waits for
              }
            });
    reader.setDaemon(true);
    reader.start();
    reader.join(120_000);
  }
}
