// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every {@code flowmeter.*} key the runtime and the agent read, in one place: the keys the
 * unknown-key warning knows, and the list the README's configuration table is checked against.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * <p>A sink's own options ({@code flowmeter.sink.<name>.<key>}) are not listed here: each {@link
 * dev.flowmeter.sink.SinkProvider} declares them through {@code options()}. A new key is added here
 * and to the README's table in the same change (a test compares the two).
 */
public final class ConfigKeys {
  // runtime
  public static final String SINKS = "flowmeter.sinks";
  public static final String CONFIG = "flowmeter.config";
  public static final String INTERVAL = "flowmeter.interval";
  public static final String SMOOTHING = "flowmeter.smoothing";
  public static final String RETENTION = "flowmeter.retention";
  public static final String RETENTION_COUNT = "flowmeter.retention-count";
  public static final String SHUTDOWN_TIMEOUT = "flowmeter.shutdown-timeout";
  public static final String SINK_FAILURES = "flowmeter.sink-failures";
  public static final String SINK_STALL_TIMEOUT = "flowmeter.sink-stall-timeout";
  public static final String SINK_BACKLOG = "flowmeter.sink-backlog";

  /**
   * The history file of operations ({@link History}): read when an operation first asks for it, not
   * at the first transfer, and so not among {@link #runtime()}.
   */
  public static final String HISTORY = "flowmeter.history";

  /** The prefix of a sink's options: {@code flowmeter.sink.<name>.<key>}. */
  public static final String SINK_PREFIX = "flowmeter.sink.";

  /** The option every sink has: {@code flowmeter.sink.<name>.interval}. */
  public static final String SINK_INTERVAL = "interval";

  // agent
  public static final String AGENT_MIN_BYTES = "flowmeter.agent.min-bytes";
  public static final String AGENT_DELAY = "flowmeter.agent.delay";
  public static final String AGENT_WAIT = "flowmeter.agent.wait";
  public static final String AGENT_DEBUG = "flowmeter.agent.debug";
  public static final String AGENT_STATE = "flowmeter.agent.state";

  /** Set by an attached agent: how its start went, read back by the attacher. */
  public static final String AGENT_ATTACH = "flowmeter.agent.attach";

  public static final String AGENT_CANCEL = "flowmeter.agent.cancel";

  /**
   * The values of {@link #AGENT_CANCEL}, the default first: {@code mark} (a cancelled transfer is
   * marked and stops reporting, the JDK's stream goes on) and {@code interrupt} (the next read or
   * write of the JDK's stream behind it throws {@code InterruptedIOException}).
   */
  public static final List<String> AGENT_CANCEL_VALUES = List.of("mark", "interrupt");

  public static final String EXTENSIONS = "flowmeter.extensions";
  public static final String METHODS_INCLUDE = "flowmeter.methods.include";

  /** The agent's instrumentation groups, each switched by {@link #instrumentationEnabled}. */
  public static final Set<String> INSTRUMENTATION_GROUPS =
      Set.of("file", "nio", "http-url-connection", "http-client", "zip", "tracked", "methods");

  /** The least interval of the reporter and of a sink: below it a thread would only spin. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(1);

  /** The greatest interval of the reporter and of a sink. */
  public static final Duration MAX_INTERVAL = Duration.ofHours(1);

  /** The least {@link #SINK_BACKLOG}: fewer transfers in hand than this would shed at once. */
  public static final int MIN_SINK_BACKLOG = 1_000;

  /** The greatest {@link #SINK_BACKLOG}. */
  public static final int MAX_SINK_BACKLOG = 100_000_000;

  /** The greatest line width, of {@code COLUMNS} and of any width option. */
  public static final int MAX_WIDTH = 10_000;

  private static final List<String> runtime =
      List.of(
          SINKS,
          CONFIG,
          INTERVAL,
          SMOOTHING,
          RETENTION,
          RETENTION_COUNT,
          SHUTDOWN_TIMEOUT,
          SINK_FAILURES,
          SINK_STALL_TIMEOUT,
          SINK_BACKLOG);

  private static final List<String> agent =
      List.of(
          AGENT_MIN_BYTES,
          AGENT_DELAY,
          AGENT_WAIT,
          AGENT_DEBUG,
          AGENT_STATE,
          AGENT_ATTACH,
          AGENT_CANCEL,
          EXTENSIONS,
          METHODS_INCLUDE);

  private ConfigKeys() {}

  /**
   * The keys the runtime reads, and so {@code Flowmeter.validate()}, {@code configure()} and the
   * first transfer: those of {@link #fixed()} less the agent's, which the agent reads and checks
   * when it starts.
   */
  public static List<String> runtime() {
    return runtime;
  }

  /** {@code flowmeter.instrumentation.<group>.enabled}. */
  public static String instrumentationEnabled(String group) {
    return "flowmeter.instrumentation." + group + ".enabled";
  }

  /** {@code flowmeter.sink.<name>.<key>}. */
  public static String sinkOption(String name, String key) {
    return SINK_PREFIX + name + "." + key;
  }

  /**
   * Every key whose name is fixed, the instrumentation switches included, but not the sinks'
   * options.
   */
  public static List<String> fixed() {
    List<String> all = new ArrayList<>(runtime);
    all.add(HISTORY);
    all.addAll(agent);
    for (String group : INSTRUMENTATION_GROUPS) {
      all.add(instrumentationEnabled(group));
    }
    return all;
  }
}
