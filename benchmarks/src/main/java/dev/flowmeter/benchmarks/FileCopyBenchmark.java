// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Copies a file of {@code sizeMiB} MiB, the way an unmodified program would, with the JDK's own
 * classes: through {@code FileInputStream}/{@code FileOutputStream} with an 8 KiB buffer, or with
 * {@code Files.copy(Path, Path)}.
 *
 * <p>The class itself knows nothing of Flowmeter: what it measures is the cost of the agent's
 * advice in those JDK classes. {@link AgentThroughput} runs it in forks without and with {@code
 * -javaagent:flowmeter-agent.jar}, alternating, and prints the ratio. One operation copies the
 * whole file, so ops/s times {@code sizeMiB} is MiB/s; every operation opens new streams, so under
 * the agent each one is a new transfer, started, counted and completed.
 *
 * <p>The file is made once per trial in a temporary folder and deleted with it. The page cache
 * holds it, so this measures the CPU cost of a copy, which is where the agent adds its work.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flowmeter.benchmarks.AgentThroughput -f 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FileCopyBenchmark {
  /** The agent's state property: set once its background installation is done (or it is off). */
  private static final String AGENT_STATE = "flowmeter.agent.state";

  @Param({"streams", "filesCopy"})
  String method = "streams";

  @Param({"256"})
  int sizeMiB = 256;

  private Path dir = Path.of(".");
  private Path source = dir;
  private Path target = dir;
  private final byte[] buffer = new byte[8192];

  /** Writes the source file; under the agent, waits until its instrumentation is in place. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    if (sizeMiB <= 0) {
      throw new IllegalArgumentException("sizeMiB: '" + sizeMiB + "' must be positive");
    }
    awaitAgent();
    dir = Files.createTempDirectory("flowmeter-copy");
    source = dir.resolve("source.bin");
    target = dir.resolve("target.bin");
    byte[] chunk = new byte[1 << 20];
    new Random(42).nextBytes(chunk);
    try (OutputStream out = Files.newOutputStream(source)) {
      for (int i = 0; i < sizeMiB; i++) {
        out.write(chunk);
      }
    }
  }

  /** Deletes the temporary folder and everything in it. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Copies the source once; returns the bytes copied. */
  @Benchmark
  public long copy() throws IOException {
    if ("filesCopy".equals(method)) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      return sizeMiB;
    }
    long copied = 0;
    byte[] buffer = this.buffer;
    try (InputStream in = new FileInputStream(source.toFile());
        OutputStream out = new FileOutputStream(target.toFile())) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    return copied;
  }

  /**
   * With {@code -javaagent}, waits (at most a minute) until the agent has installed its
   * instrumentation, so that no measured copy runs before it.
   */
  private static void awaitAgent() throws InterruptedException {
    boolean agent =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.startsWith("-javaagent:"));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (agent && System.getProperty(AGENT_STATE) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the agent did not install within a minute");
      }
      Thread.sleep(10);
    }
    if (agent && !"installed".equals(System.getProperty(AGENT_STATE))) {
      throw new IllegalStateException("the agent is " + System.getProperty(AGENT_STATE));
    }
  }
}
