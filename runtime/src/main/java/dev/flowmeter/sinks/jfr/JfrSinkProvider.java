// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import com.google.auto.service.AutoService;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code jfr} sink: transfers as JDK Flight Recorder events, for JDK Mission Control and {@code
 * jfr print}.
 *
 * <p>Three event types, in the category {@code Flowmeter}, without stack traces (they are committed
 * on the sink's thread, whose stack says nothing of the transfer):
 *
 * <ul>
 *   <li>{@code dev.flowmeter.Transfer}, one per transfer that ended: {@code id}, {@code parentId},
 *       {@code operation}, {@code name}, {@code unit}, {@code bytes}, {@code total}, {@code
 *       elapsed} (its duration), {@code averageSpeed}, {@code status} ({@code completed}, {@code
 *       failed}, {@code cancelled}) and {@code error}. Its {@code threshold} (default 0 ms) leaves
 *       out transfers shorter than it.
 *   <li>{@code dev.flowmeter.TransferProgress}, one per running transfer every {@code period}
 *       (default 1 s): {@code id}, {@code operation}, {@code name}, {@code bytes}, {@code total},
 *       {@code percent}, {@code speed}, {@code eta} and {@code status}.
 *   <li>{@code dev.flowmeter.ExitFlush}, at most once, when a recording written at JVM exit ({@code
 *       -XX:StartFlightRecording:filename=...}) waited for transfer ends still on their way to the
 *       sink (at most 5 s): {@code complete}, whether every one made it into the file.
 * </ul>
 *
 * <p>Both are enabled by default in any recording; a recording's settings change them as for JFR's
 * own events ({@code dev.flowmeter.TransferProgress#period=5 s}). Unknown values (a total, an ETA)
 * read {@code N/A}.
 *
 * <p>The sink costs next to nothing while no recording runs: until JFR has started in the JVM it
 * touches no event class, and after that it builds an event only when a recording enables it. It
 * has no argument and no option of its own: a recording's settings are its options. One {@code jfr}
 * sink is enough: a second one records every event again.
 */
@AutoService(SinkProvider.class)
public final class JfrSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JfrSinkProvider() {}

  /** Returns {@code jfr}. */
  @Override
  public String name() {
    return "jfr";
  }

  /** One second; JFR's own {@code period} paces the progress events. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /** {@code interval}. */
  @Override
  public Set<String> options() {
    return Set.of("interval");
  }

  /**
   * Listens for JFR's start.
   *
   * @throws IOException when this JVM has no JDK Flight Recorder (no {@code jdk.jfr} module, or JFR
   *     switched off)
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
      throw new IOException("this JVM has no JDK Flight Recorder (no jdk.jfr module)");
    }
    return JfrSink.create(context.transfers());
  }
}
