// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent arguments {@code key=value;key=value}, copied into system properties before anything
 * else of Flowmeter runs, and undone when the agent turns itself off.
 *
 * <p>Not thread-safe: used once, by the thread that starts the agent.
 */
final class AgentArguments {
  private final Map<String, String> previous;

  private AgentArguments(Map<String, String> previous) {
    this.previous = previous;
  }

  /**
   * Parses {@code arguments} and sets each key as a system property. Throws an {@link
   * IllegalArgumentException} with a one-line message, before setting anything, when an entry is
   * not {@code key=value}.
   */
  static AgentArguments apply(String arguments) {
    List<String[]> entries = parse(arguments);
    Map<String, String> previous = new LinkedHashMap<>();
    for (String[] entry : entries) {
      if (!previous.containsKey(entry[0])) {
        previous.put(entry[0], System.getProperty(entry[0]));
      }
      System.setProperty(entry[0], entry[1]);
    }
    return new AgentArguments(previous);
  }

  static List<String[]> parse(String arguments) {
    List<String[]> entries = new ArrayList<>();
    if (arguments == null || arguments.isBlank()) {
      return entries;
    }
    for (String part : arguments.split(";", -1)) {
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 && continuesMethods(entries)) {
        // flowmeter.methods.include separates its classes with ';' too: A[m];B[n]
        String[] last = entries.get(entries.size() - 1);
        last[1] = last[1] + ";" + entry;
        continue;
      }
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "agent argument '"
                + entry
                + "' is not key=value (accepted: key=value;key=value, for example"
                + " flowmeter.sinks=console;flowmeter.agent.min-bytes=4MiB)");
      }
      entries.add(new String[] {entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()});
    }
    return entries;
  }

  private static boolean continuesMethods(List<String[]> entries) {
    return !entries.isEmpty()
        && entries.get(entries.size() - 1)[0].equals("flowmeter.methods.include");
  }

  /** Restores the system properties as they were before {@link #apply}. */
  void undo() {
    for (Map.Entry<String, String> e : previous.entrySet()) {
      if (e.getValue() == null) {
        System.clearProperty(e.getKey());
      } else {
        System.setProperty(e.getKey(), e.getValue());
      }
    }
  }
}
