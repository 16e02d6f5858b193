// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.internal.Diagnostics;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an attached agent tells the {@link Attacher}: whether it started, with which configuration
 * problems, or that it ignored the attach because an agent already runs in the JVM.
 *
 * <p>The outcome is the system property {@value #KEY}, which the attacher reads back through the
 * Attach API's {@code getSystemProperties()}: its first line is {@code started}, {@code off} or
 * {@code ignored}; the lines after it are the messages Flowmeter printed on the target's standard
 * error while the agent started ({@code started}, {@code off}), or the settings of the agent that
 * runs ({@code ignored}). Cleared when an attach begins, set once its installation has ended.
 *
 * <p>Why a second attach is ignored rather than applied: a JVM has one agent and one tracker, whose
 * sinks are created when the agent starts; applying new settings would mean closing sinks that may
 * be writing and instrumenting the JDK's classes a second time. The attacher says so and exits with
 * a status of its own.
 *
 * <p>Thread-safety: {@link #starting} and {@link #ignore} are called by the thread that starts the
 * agent (the JVM runs one agent entry point at a time); {@link #run} on the installation's thread.
 */
final class AttachOutcome implements Runnable {
  /** The system property that holds the outcome of the latest attach. */
  static final String KEY = ConfigKeys.AGENT_ATTACH;

  static final String STARTED = "started";
  static final String OFF = "off";
  static final String IGNORED = "ignored";

  /** The arguments of the agent that runs (or starts) in this JVM; {@code null} when none does. */
  private static volatile @Nullable String running;

  /** The line of an agent that turned itself off since it started; {@code null} when none. */
  private static volatile @Nullable String problem;

  private final Runnable installation;

  AttachOutcome(Runnable installation) {
    this.installation = installation;
  }

  /**
   * Whether an agent already runs (or is starting) in this JVM, so that an attach with {@code
   * arguments} must be ignored; if so, sets the outcome to {@code ignored} and the running agent's
   * settings. An agent that turned itself off does not count: attaching again retries.
   */
  static boolean ignore(String arguments) {
    String settings = running();
    if (settings == null) {
      return false;
    }
    System.setProperty(KEY, IGNORED + "\n" + settings);
    return true;
  }

  /**
   * The arguments of the agent that runs (or starts) in this JVM ({@code ""} for none); {@code
   * null} when no agent runs, or the one that started turned itself off.
   */
  static @Nullable String running() {
    String settings = running;
    if (settings == null || "off".equals(System.getProperty(ConfigKeys.AGENT_STATE))) {
      return null;
    }
    return settings;
  }

  /**
   * Records that an agent with {@code arguments} starts in this JVM; forgets an earlier outcome.
   */
  static void starting(@Nullable String arguments) {
    running = arguments == null ? "" : arguments;
    problem = null;
    System.clearProperty(KEY);
    System.clearProperty(ConfigKeys.AGENT_STATE);
  }

  /** Records the agent's one line saying why it turned itself off. */
  static void failed(String line) {
    problem = line;
  }

  /**
   * Publishes the outcome of an attach that ended before its installation began (its arguments were
   * malformed, say): no runtime class may be touched then, it may not be on the bootstrap class
   * path yet.
   */
  static void publishEarly() {
    publish(List.of());
  }

  /** Runs the installation, then publishes its outcome with what Flowmeter printed meanwhile. */
  @Override
  public void run() {
    int before = Diagnostics.printed().size();
    try {
      installation.run();
    } finally {
      List<String> printed = Diagnostics.printed();
      publish(printed.subList(Math.min(before, printed.size()), printed.size()));
    }
  }

  private static void publish(List<String> printed) {
    boolean installed = "installed".equals(System.getProperty(ConfigKeys.AGENT_STATE));
    StringBuilder outcome = new StringBuilder(installed ? STARTED : OFF);
    for (String line : printed) {
      outcome.append('\n').append(line);
    }
    String line = problem;
    if (line != null) {
      outcome.append('\n').append(line);
    }
    System.setProperty(KEY, outcome.toString());
  }
}
