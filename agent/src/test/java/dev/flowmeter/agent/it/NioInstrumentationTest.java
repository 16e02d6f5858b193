// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static dev.flowmeter.agent.it.Csv.BYTES;
import static dev.flowmeter.agent.it.Csv.NAME;
import static dev.flowmeter.agent.it.Csv.OPERATION;
import static dev.flowmeter.agent.it.Csv.assertCompleted;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NIO under the built agent in forked JVMs: channels, NIO streams and {@code Files.copy}. */
final class NioInstrumentationTest {
  private static final int SIZE = 5 * 1024 * 1024 + 77;

  @TempDir static Path dir;
  static Path small;
  static Path source;

  @BeforeAll
  static void files() throws Exception {
    small = dir.resolve("small.txt");
    Files.writeString(small, "small\n");
    source = dir.resolve("source.bin");
    byte[] bytes = new byte[SIZE];
    new Random(3).nextBytes(bytes);
    Files.write(source, bytes);
  }

  @Test
  void nioCopies_areReportedWithTotalsAndLeaveOutputUnchanged() throws Exception {
    Forked plain =
        Forked.run(
            dir,
            null,
            Forked.classPath(),
            NioProgram.class.getName(),
            small.toString(),
            source.toString(),
            dir.resolve("plain").toString());
    Path csv = dir.resolve("nio.csv");
    String prefix = dir.resolve("agent").toString();
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv,
            Forked.classPath(),
            NioProgram.class.getName(),
            small.toString(),
            source.toString(),
            prefix);

    assertThat(agent.exit).isZero();
    assertThat(agent.out)
        .isEqualTo(plain.out)
        .contains("copy " + SIZE, "interrupted: ClosedByInterruptException");
    assertThat(agent.agentLines()).isEmpty();
    for (String suffix : List.of("-streams", "-channel", "-copy", "-stream-copy")) {
      assertThat(Files.mismatch(Path.of(prefix + suffix), source)).as(suffix).isEqualTo(-1);
    }

    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).isEmpty();
    // the read interrupted in the middle is cancelled, not failed
    assertThat(finals)
        .filteredOn(r -> r[NAME].equals(prefix + "-copy") && r[OPERATION].equals("read"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.STATUS]).isEqualTo(Csv.CANCELLED));
    // source read through Files.newInputStream (twice) and FileChannel.transferTo
    assertThat(finals)
        .filteredOn(r -> r[NAME].equals(source.toString()) && r[OPERATION].equals("read"))
        .hasSize(3)
        .allSatisfy(r -> Csv.assertMadeBy(r, "agent.nio", "read"))
        .allSatisfy(r -> assertCompleted(r, SIZE, SIZE));
    assertThat(finals)
        .filteredOn(r -> r[OPERATION].equals("copy"))
        .singleElement()
        .satisfies(r -> assertThat(r[NAME]).isEqualTo(source.toString()))
        // Files.copy counts the source's bytes, read
        .satisfies(r -> Csv.assertMadeBy(r, "agent.nio", "read"))
        .satisfies(r -> assertCompleted(r, SIZE, SIZE));
    // the targets of FileChannel.transferTo and of Files.copy(InputStream, Path) are written
    // (through the channel on JDK 17; from JDK 21 on the stream hands its channel to the target's
    // with transferTo, which counts both); Files.copy(Path, Path) is the one copy above
    assertThat(finals)
        .filteredOn(r -> r[OPERATION].equals("write"))
        .extracting(r -> r[NAME])
        .containsExactlyInAnyOrder(
            prefix + "-streams", prefix + "-channel", prefix + "-stream-copy");
    assertThat(finals)
        .filteredOn(r -> r[OPERATION].equals("write"))
        .allSatisfy(r -> Csv.assertMadeBy(r, "agent.nio", "write"))
        .allSatisfy(r -> assertThat(r[BYTES]).isEqualTo(String.valueOf(SIZE)));
    // the small file and the CSV itself are never transfers
    assertThat(Forked.csv(csv)).noneMatch(r -> r[NAME].equals(small.toString()));
    assertThat(Forked.csv(csv)).noneMatch(r -> r[NAME].equals(csv.toString()));
  }

  @Test
  void nioDisabled_reportsNoNioTransfer() throws Exception {
    Path csv = dir.resolve("off.csv");
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv + ";flowmeter.instrumentation.nio.enabled=false",
            Forked.classPath(),
            NioProgram.class.getName(),
            small.toString(),
            source.toString(),
            dir.resolve("off").toString());
    assertThat(agent.exit).isZero();
    assertThat(agent.out).contains("stream-copy " + SIZE);
    assertThat(Forked.csv(csv)).isEmpty();
  }
}
