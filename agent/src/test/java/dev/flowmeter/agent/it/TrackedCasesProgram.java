// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.tracked.cases.TrackedCaseRunner;
import dev.flowmeter.tracked.cases.TrackedCases;
import java.nio.file.Path;
import java.util.Map;

/**
 * A program run in a forked JVM under the agent: loads {@code cases.Misuses}, runs the shared table
 * of {@code @Tracked} cases on {@code cases.Cases}, both compiled without the processor, and prints
 * one line per case: the method, a tab, and the transfers it reported.
 */
public final class TrackedCasesProgram {
  private TrackedCasesProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    // loaded, never called: the agent says each misuse once as it instruments the class
    Class.forName(TrackedCases.PACKAGE + ".Misuses");
    Map<String, String> actual =
        TrackedCaseRunner.run(
            type -> {
              try {
                String binary = TrackedCases.PACKAGE + "." + type.replace('.', '$');
                return Class.forName(binary).getConstructor().newInstance();
              } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
              }
            },
            Path.of(args[0]));
    actual.forEach((method, transfers) -> System.out.println(method + "\t" + transfers));
  }
}
