// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
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
 * Bulk reads: the whole 1 MiB in-memory source read in chunks of {@code bufferSize} bytes through
 * each variant.
 *
 * <p>One operation rewinds the source and reads it once, so ops/s is MiB/s. With 8 KiB chunks the
 * copy dominates and a wrapper should vanish into JMH's error; with 64-byte chunks its per-call
 * cost shows. The source's position is rewound beneath the wrapper, which is made once per trial.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ReadBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dflowmeter.sinks=none")
public class ReadBenchmark {
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

  @Param({"8192", "64"})
  int bufferSize = 8192;

  private ArraySource source = ArraySource.random(0, 0);
  private InputStream in = source;
  private byte[] buffer = new byte[0];
  private int reads;

  /** Wraps the source once for the whole trial. */
  @Setup(Level.Trial)
  public void setUp() {
    source = ArraySource.random(ArraySource.CACHE_SIZED, 42);
    if (bufferSize <= 0 || source.size() % bufferSize != 0) {
      throw new IllegalArgumentException(
          "bufferSize: '" + bufferSize + "' must divide " + source.size());
    }
    in = Variant.named(variant).wrap(source, "ReadBenchmark");
    buffer = new byte[bufferSize];
    reads = source.size() / bufferSize;
  }

  /** Closes the wrapper, which ends its transfer or bar. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    in.close();
  }

  /** Reads the source once, {@code bufferSize} bytes a call; returns the bytes read. */
  @Benchmark
  public long read() throws IOException {
    source.rewind();
    InputStream in = this.in;
    byte[] buffer = this.buffer;
    long total = 0;
    for (int i = 0; i < reads; i++) {
      total += in.read(buffer, 0, buffer.length);
    }
    return total;
  }
}
