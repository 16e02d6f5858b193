// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar flowmeter-agent.jar attach <pid> [key=value;...]} against a JVM in the middle of
 * a copy: the copy's progress appears in the CSV sink named in the attach arguments and reaches its
 * total, what moved before the attach included.
 */
final class AttachTest {
  private static final int SIZE = 8 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void attach_midCopy_reportsTheCopyToItsTotal() throws Exception {
    Path source = dir.resolve("source.bin");
    byte[] bytes = new byte[SIZE];
    new Random(7).nextBytes(bytes);
    Files.write(source, bytes);
    Path target = dir.resolve("target.bin");
    Path out = dir.resolve("program.txt");
    Process program =
        new ProcessBuilder(
                java(),
                "-cp",
                Forked.classPath(),
                SlowCopyProgram.class.getName(),
                source.toString(),
                target.toString())
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("program-err.txt").toFile())
            .start();
    try {
      String pid = awaitLine(out, "pid ").substring(4);
      awaitLine(out, "halfway ");

      Path csv = dir.resolve("attach.csv");
      Process attach =
          new ProcessBuilder(
                  java(),
                  "-jar",
                  Forked.AGENT.toString(),
                  "attach",
                  pid,
                  "flowmeter.sinks=csv:" + csv)
              .redirectErrorStream(true)
              .start();
      String attachOutput = new String(attach.getInputStream().readAllBytes(), UTF8);
      assertThat(attach.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(attach.exitValue()).as(attachOutput).isZero();
      assertThat(attachOutput).contains("attached to " + pid);

      assertThat(program.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(program.exitValue()).isZero();
      assertThat(Files.readString(out, UTF8))
          .contains("copied " + SIZE + " of " + SIZE)
          .contains("agent installed");
      assertThat(Files.mismatch(source, target)).isEqualTo(-1);

      CsvRows rows = CsvRows.of(csv);
      String[] read = rows.last(source.toString());
      assertThat(read[CsvRows.OPERATION]).isEqualTo("read");
      assertThat(read[CsvRows.STATUS]).isEqualTo("completed");
      assertThat(read[CsvRows.BYTES]).isEqualTo(String.valueOf(SIZE));
      assertThat(read[CsvRows.TOTAL]).isEqualTo(String.valueOf(SIZE));
      String[] write = rows.last(target.toString());
      assertThat(write[CsvRows.OPERATION]).isEqualTo("write");
      assertThat(write[CsvRows.STATUS]).isEqualTo("completed");
      assertThat(write[CsvRows.BYTES]).isEqualTo(String.valueOf(SIZE));
    } finally {
      program.destroyForcibly();
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Waits (at most a minute) for a line starting with {@code prefix} in {@code file}. */
  private static String awaitLine(Path file, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      List<String> lines = new ArrayList<>(Files.readAllLines(file, UTF8));
      for (String line : lines) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no line starting with '" + prefix + "' in " + file);
  }
}
