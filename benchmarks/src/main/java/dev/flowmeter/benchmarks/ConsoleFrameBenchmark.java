// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.console.BenchmarkConsoles;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the console sink costs on a terminal when many transfers run: one operation is one 100 ms
 * tick of the reporter, that is a snapshot of every running transfer given to {@code onEvent}, then
 * one {@code flush}, which draws a frame on a 120 x 40 terminal (39 live lines: 38 transfers and
 * the line that counts the rest) into a stream that discards it. Time per operation divided by 100
 * ms is the share of one core the sink takes at 10 Hz.
 *
 * <p>The snapshots are made once ({@code @Setup}): 16 rounds of {@code transfers} events, each
 * round 100 ms of event time after the one before, in which two transfers of three move, so the
 * most recently active differ from round to round; the operations go through the rounds again and
 * again. The sink draws a frame only when event time has moved 100 ms since the last one, so the
 * last snapshot of each operation is made afresh, 100 ms after that of the operation before (one
 * small allocation per operation): every operation draws a frame, as every tick of the reporter
 * does.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ConsoleFrameBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConsoleFrameBenchmark {
  private static final int ROUNDS = 16;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long TOTAL = 1L << 30;

  /** Running transfers. */
  @Param({"10000"})
  public int transfers;

  private ProgressSink sink;
  private DiscardingStream out;
  private ProgressEvent[][] rounds;
  private long tick;

  /** Starts every transfer on the sink and makes the snapshots. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    out = new DiscardingStream();
    sink =
        BenchmarkConsoles.onTerminal(new PrintStream(out, false, StandardCharsets.UTF_8), 120, 40);
    String[] names = new String[transfers + 1];
    for (int i = 1; i <= transfers; i++) {
      names[i] = "/data/incoming/batch-" + (i % 97) + "/part-" + i + ".bin";
      sink.onEvent(
          ProgressEvent.builder()
              .transferId(i)
              .operation("download")
              .name(names[i])
              .status(Status.STARTING)
              .lifecycle(true)
              .totalBytes(TOTAL)
              .startTime(T0)
              .time(T0)
              .build());
    }
    sink.flush();
    rounds = new ProgressEvent[ROUNDS][transfers];
    for (int r = 1; r <= ROUNDS; r++) {
      for (int i = 1; i <= transfers; i++) {
        long bytes = (i + r) % 3 == 0 ? 4096L * (r - 1) : 4096L * r + i;
        rounds[r - 1][i - 1] = snapshot(i, names[i], bytes, 100L * r);
      }
    }
  }

  private static ProgressEvent snapshot(int id, String name, long bytes, long millis) {
    double speed = bytes * 1000.0 / millis;
    return ProgressEvent.builder()
        .transferId(id)
        .operation("download")
        .name(name)
        .status(Status.IN_PROGRESS)
        .bytes(bytes)
        .totalBytes(TOTAL)
        .speed(speed)
        .averageSpeed(speed)
        .elapsed(Duration.ofMillis(millis))
        .eta(Duration.ofSeconds((long) ((TOTAL - bytes) / Math.max(1, speed))))
        .startTime(T0)
        .time(T0.plusMillis(millis))
        .build();
  }

  /** One tick: a snapshot of every running transfer, then a frame. */
  @Benchmark
  public long tick() throws IOException {
    ProgressEvent[] events = rounds[(int) (tick % ROUNDS)];
    tick++;
    int last = events.length - 1;
    for (int i = 0; i < last; i++) {
      sink.onEvent(events[i]);
    }
    ProgressEvent e = events[last];
    sink.onEvent(snapshot(last + 1, e.name(), e.bytes() + tick, 100 * (ROUNDS + tick)));
    sink.flush();
    return out.bytes();
  }

  /** Closes the sink, which forgets its screen. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    sink.close();
  }
}
