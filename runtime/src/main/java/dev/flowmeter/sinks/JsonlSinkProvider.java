// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import com.google.auto.service.AutoService;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkFiles;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code jsonl:<path>} sink: one JSON object per event, appended as one line (JSON Lines), for
 * log shippers and scripts.
 *
 * <p>Each line holds {@code time} (ISO-8601), {@code id}, {@code parentId} ({@code null} for none),
 * {@code operation}, {@code name}, {@code unit} ({@code bytes}, {@code chars}, {@code items}),
 * {@code status} (the status word, such as {@code in_progress}), {@code percentage} and {@code
 * totalBytes} ({@code null} when the total is unknown), {@code bytes}, {@code speed} and {@code
 * averageSpeed} (units per second), {@code startTime}, {@code elapsedSeconds}, {@code
 * estimatedCompletion} and {@code etaSeconds} ({@code null} when unknown), {@code error}, {@code
 * attributes}, {@code lifecycle} (whether the event marks a change of status) and {@code final}.
 *
 * <p>The file is UTF-8; lines end with {@code \n}; nothing in a name can break a line, since JSON
 * escapes every control character. Lines are written at the end of each batch of events. Progress
 * lines come at most once per {@code flowmeter.sink.jsonl.interval} (default 1 s) per transfer;
 * every lifecycle event has its line. Missing directories are created.
 *
 * <p>A file that cannot be written (a full disk) never ends in a half line: what did not fit is cut
 * off again and written, whole, when there is room, and the failure is reported once. While it
 * lasts up to 1 MiB of lines wait in memory; later lines are dropped and counted.
 */
@AutoService(SinkProvider.class)
public final class JsonlSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JsonlSinkProvider() {}

  /** Returns {@code jsonl}. */
  @Override
  public String name() {
    return "jsonl";
  }

  /** Returns {@code jsonl:<path>}. */
  @Override
  public String usage() {
    return "jsonl:<path>";
  }

  /** One second between progress lines of a transfer. */
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
   * Opens the file for appending.
   *
   * @throws dev.flowmeter.ConfigException when the path is missing
   * @throws IOException when the file or its directories cannot be created or opened
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    return JsonlSink.open(SinkFiles.path(context, usage()));
  }
}
