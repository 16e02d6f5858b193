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
 * Single-byte reads: the whole 1 MiB in-memory source read with {@code read()}, one byte a call,
 * through each variant.
 *
 * <p>This is where a wrapper's per-call cost is most visible: the raw read is a bounds check and an
 * array load, so anything added (a lock, a callback, an atomic add) multiplies the time. One
 * operation rewinds the source and reads it once, 1,048,576 calls, so ops/s is MiB/s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ReadByteBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dflowmeter.sinks=none")
public class ReadByteBenchmark {
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

  private ArraySource source = ArraySource.random(0, 0);
  private InputStream in = source;
  private int size;

  /** Wraps the source once for the whole trial. */
  @Setup(Level.Trial)
  public void setUp() {
    source = ArraySource.random(ArraySource.CACHE_SIZED, 42);
    in = Variant.named(variant).wrap(source, "ReadByteBenchmark");
    size = source.size();
  }

  /** Closes the wrapper, which ends its transfer or bar. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    in.close();
  }

  /** Reads the source once, a byte a call; returns the sum of the bytes read. */
  @Benchmark
  public long readByte() throws IOException {
    source.rewind();
    InputStream in = this.in;
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += in.read();
    }
    return sum;
  }
}
