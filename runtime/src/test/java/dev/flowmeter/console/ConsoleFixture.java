// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A console sink writing into memory, with helpers to build events. Close it after each test so
 * that {@link ConsoleOutput} forgets its screen.
 */
final class ConsoleFixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final CountingPrintStream stream = new CountingPrintStream(bytes);
  final ProgressSink sink;

  ConsoleFixture(boolean terminal, Map<String, String> options) {
    SinkContext.Builder context =
        SinkContext.builder("console").err(stream).out(stream).terminal(terminal);
    options.forEach(context::option);
    try {
      sink = new ConsoleSinkProvider().create(context.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A {@code bar} style sink (Unicode) on a terminal of {@code columns} by {@code rows}, with
   * colour when {@code colour}.
   */
  ConsoleFixture(int columns, int rows, boolean colour) {
    sink =
        new ConsoleSink(
            ConsoleSink.Style.BARS,
            new ConsoleScreen(stream, true, colour, columns, rows),
            false,
            null,
            null);
  }

  /** Delivers {@code events} as one batch, then flushes, as the dispatcher does. */
  void deliver(ProgressEvent... events) {
    for (ProgressEvent e : events) {
      sink.onEvent(e);
    }
    try {
      sink.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  int writes() {
    return stream.writes.get();
  }

  @Override
  public void close() throws IOException {
    sink.close();
  }

  /** The lifecycle event that starts transfer {@code id}. */
  static ProgressEvent started(long id, String name, long total) {
    return ProgressEvent.builder()
        .transferId(id)
        .operation("upload")
        .name(name)
        .status(Status.STARTING)
        .lifecycle(true)
        .totalBytes(total)
        .time(T0)
        .build();
  }

  /** A progress snapshot of transfer {@code id} at {@code millis} after {@link #T0}. */
  static ProgressEvent progress(long id, String name, long bytes, long total, long millis) {
    double speed = millis > 0 ? bytes * 1000.0 / millis : 0;
    return ProgressEvent.builder()
        .transferId(id)
        .operation("upload")
        .name(name)
        .status(Status.IN_PROGRESS)
        .bytes(bytes)
        .totalBytes(total)
        .speed(speed)
        .averageSpeed(speed)
        .elapsed(Duration.ofMillis(millis))
        .eta(
            total >= 0 && speed > 0
                ? Duration.ofMillis((long) ((total - bytes) / speed * 1000))
                : null)
        .time(T0.plusMillis(millis))
        .build();
  }

  /** A lifecycle event of transfer {@code id} with status {@code status}. */
  static ProgressEvent lifecycle(
      long id, String name, Status status, long bytes, long total, long millis) {
    return progress(id, name, bytes, total, millis).toBuilder()
        .status(status)
        .lifecycle(true)
        .eta(status == Status.COMPLETED ? Duration.ZERO : null)
        .build();
  }

  /** A print stream (UTF-8) that counts the calls that write bytes. */
  static final class CountingPrintStream extends PrintStream {
    final AtomicInteger writes = new AtomicInteger();

    CountingPrintStream(ByteArrayOutputStream out) {
      super(out, true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
      writes.incrementAndGet();
      super.write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      writes.incrementAndGet();
      super.write(buf, off, len);
    }
  }
}
