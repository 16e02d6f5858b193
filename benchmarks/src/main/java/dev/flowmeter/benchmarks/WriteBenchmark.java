// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
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
 * Bulk writes: 1 MiB written in chunks of {@code chunkSize} bytes through each variant into a sink
 * that does nothing.
 *
 * <p>The sink's {@code write} is kept out of line (see {@link NullSink}), so the raw stream costs
 * one real call per chunk and the table shows what each wrapper adds to that call. One operation
 * writes 1 MiB, so ops/s is MiB/s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar WriteBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dflowmeter.sinks=none")
public class WriteBenchmark {
  @Param({
    "baseline",
    "decorator",
    "flowmeter",
    "flowmeterAfterCancels",
    "flowmeterWhileCancelling",
    "progressbar",
    "commonsIo",
    "guava"
  })
  String variant = "baseline";

  @Param("8192")
  int chunkSize = 8192;

  private OutputStream out = new NullSink();
  private byte[] chunk = new byte[0];
  private int writes;

  /** Wraps the sink once for the whole trial. */
  @Setup(Level.Trial)
  public void setUp() {
    if (chunkSize <= 0 || ArraySource.CACHE_SIZED % chunkSize != 0) {
      throw new IllegalArgumentException(
          "chunkSize: '" + chunkSize + "' must divide " + ArraySource.CACHE_SIZED);
    }
    out = Variant.named(variant).wrap(new NullSink(), "WriteBenchmark");
    chunk = ArraySource.randomBytes(chunkSize, 42);
    writes = ArraySource.CACHE_SIZED / chunkSize;
  }

  /** Closes the wrapper, which ends its transfer or bar. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    out.close();
  }

  /** Writes 1 MiB, {@code chunkSize} bytes a call; returns the bytes written. */
  @Benchmark
  public long write() throws IOException {
    OutputStream out = this.out;
    byte[] chunk = this.chunk;
    long total = 0;
    for (int i = 0; i < writes; i++) {
      out.write(chunk, 0, chunk.length);
      total += chunk.length;
    }
    return total;
  }
}
