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
 * The {@code json:<path>} sink: a status file holding the state of every current transfer, for a
 * dashboard, a monitoring script or a person with {@code cat}.
 *
 * <p>The file holds one object: {@code updated} (when it was written, ISO-8601) and {@code
 * transfers}, an array ordered by id of objects with {@code id}, {@code parentId} ({@code null} for
 * none), {@code operation}, {@code name}, {@code unit}, {@code status} (the status word, such as
 * {@code in_progress}), {@code percentage} and {@code totalBytes} ({@code null} when the total is
 * unknown), {@code bytes}, {@code speed} and {@code averageSpeed} (units per second), {@code
 * startTime}, {@code lastUpdate}, {@code elapsedSeconds}, {@code estimatedCompletion} ({@code null}
 * when unknown), {@code error} ({@code null} when none) and {@code attributes}.
 *
 * <p>The file is replaced atomically: written to a temporary file in the same directory (named
 * {@code .<file name>.<random>.tmp}), then renamed over the old one, so a reader never sees a
 * half-written file. A symbolic link is followed: the file it leads to is replaced and the link
 * stays. A path that leads to anything but a regular file (a directory, a device such as {@code
 * /dev/stdout}, a named pipe) is refused when the sink starts, since the rename would put a regular
 * file in its place (see {@link SinkFiles#replace}). A write that fails (a full disk) leaves the
 * old file as it was and is tried again after the next batch, with every transfer's latest state.
 * It is rewritten after a batch of events only when something changed, and at most once per {@code
 * flowmeter.sink.json.interval} (default 1 s) for progress alone. It is written once, empty, when
 * the sink starts.
 *
 * <p>A finished transfer stays in the file for {@code flowmeter.sink.json.keep} (default {@code
 * 1m}) after its final event, measured by the time of later events, then leaves it.
 */
@AutoService(SinkProvider.class)
public final class JsonSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JsonSinkProvider() {}

  /** Returns {@code json}. */
  @Override
  public String name() {
    return "json";
  }

  /** Returns {@code json:<path>}. */
  @Override
  public String usage() {
    return "json:<path>";
  }

  /** One second between two rewrites for progress alone. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /** {@code interval} and {@code keep}. */
  @Override
  public Set<String> options() {
    return Set.of("interval", "keep");
  }

  /**
   * Creates the sink and writes the (empty) status file once.
   *
   * @throws dev.flowmeter.ConfigException when the path is missing or {@code keep} is malformed
   * @throws IOException when the file or its directories cannot be created or written
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    Duration keep =
        context.durationOption("keep", Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(365));
    return JsonStatusSink.open(SinkFiles.path(context, usage()), keep, context.clock());
  }
}
