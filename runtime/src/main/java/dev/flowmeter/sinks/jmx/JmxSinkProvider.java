// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jmx;

import com.google.auto.service.AutoService;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code jmx} sink: transfers as MBeans of the platform MBean server, for JConsole, VisualVM,
 * JMX exporters and any JMX client.
 *
 * <ul>
 *   <li>{@code dev.flowmeter:type=Transfer,id=<id>}, one per transfer ({@link TransferMXBean}):
 *       {@code Id}, {@code ParentId}, {@code Name}, {@code Operation}, {@code Unit}, {@code Bytes},
 *       {@code TotalBytes}, {@code Percentage}, {@code SpeedBytesPerSecond}, {@code EtaSeconds},
 *       {@code Status}, {@code Error}, {@code StartTime}, and the operation {@code cancel()}, which
 *       cancels the transfer as the application's own {@code Transfer.cancel} would: its stream's
 *       next read or write throws. Registered when the transfer starts, updated at most once per
 *       {@code flowmeter.sink.jmx.interval} (default 1 s) while it runs and at its end, and
 *       unregistered {@code flowmeter.sink.jmx.retention} (default 5 min) after it ended.
 *   <li>{@code dev.flowmeter:type=Transfers}, one for them all ({@link TransfersMXBean}): {@code
 *       ActiveCount}, {@code BytesPerSecond}, {@code StartedCount}, {@code CompletedCount}, {@code
 *       FailedCount}, {@code CancelledCount}, {@code TransferBeanCount}, {@code UnlistedCount}.
 * </ul>
 *
 * <p>A transfer's name is an attribute, never part of an MBean's name, so any name is safe. At most
 * {@code flowmeter.sink.jmx.max-beans} (default 10,000) transfer beans are registered: at the bound
 * the bean of the transfer that ended first leaves early, and when all are of running transfers a
 * new one gets none, said once. Every bean is unregistered when the sink closes (at JVM exit).
 *
 * <p>A named instance ({@code flowmeter.sinks=ops=jmx}) adds a key {@code sink=ops} to every name,
 * so two run side by side with their own options.
 */
@AutoService(SinkProvider.class)
public final class JmxSinkProvider implements SinkProvider {
  /** The most transfer beans registered at once by default. */
  static final int DEFAULT_MAX_BEANS = 10_000;

  /** How long an ended transfer's bean stays by default. */
  static final Duration DEFAULT_RETENTION = Duration.ofMinutes(5);

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JmxSinkProvider() {}

  /** Returns {@code jmx}. */
  @Override
  public String name() {
    return "jmx";
  }

  /** One second between two updates of a running transfer's bean. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /** {@code interval}, {@code retention}, {@code max-beans}. */
  @Override
  public Set<String> options() {
    return Set.of("interval", "retention", "max-beans");
  }

  /**
   * Registers the aggregate bean.
   *
   * @throws dev.flowmeter.ConfigException when an option is malformed and the context reports none
   * @throws IOException when the aggregate's name is registered already
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    Duration retention =
        context.durationOption("retention", DEFAULT_RETENTION, Duration.ZERO, Duration.ofDays(30));
    int maxBeans = (int) context.longOption("max-beans", DEFAULT_MAX_BEANS, 1, 1_000_000);
    return JmxSink.create(
        context.name(), context.kind(), context.transfers(), context.clock(), retention, maxBeans);
  }
}
