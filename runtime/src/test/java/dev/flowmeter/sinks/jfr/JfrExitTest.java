// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a forked JVM recording with {@code -XX:StartFlightRecording=filename=...}: a burst of short
 * transfers just before the program ends is in the recording JFR dumps at exit, every one of them,
 * although JFR's shutdown hook and Flowmeter's run side by side.
 */
final class JfrExitTest {
  private static final int BURST = 10_000;

  @TempDir Path dir;

  /**
   * The forked program: {@code args[0]} short wrapped reads on eight threads, then it returns at
   * once, leaving eight daemon threads spinning: a busy machine while the shutdown hooks run.
   */
  public static final class Program {
    public static void main(String[] args) throws Exception {
      int count = Integer.parseInt(args[0]);
      byte[] data = new byte[1000];
      Thread[] threads = new Thread[8];
      for (int t = 0; t < threads.length; t++) {
        int first = t;
        threads[t] =
            new Thread(
                () -> {
                  for (int i = first; i < count; i += threads.length) {
                    try (InputStream in =
                        Flowmeter.wrap(new ByteArrayInputStream(data), "part-" + i, data.length)) {
                      in.readAllBytes();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                });
        threads[t].start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      for (int i = 0; i < 8; i++) {
        Thread spinner =
            new Thread(
                () -> {
                  long x = 0;
                  while (x >= 0) {
                    x++;
                  }
                });
        spinner.setDaemon(true);
        spinner.start();
      }
    }
  }

  @Test
  void burstBeforeExit_everyTransferIsInTheDumpedRecording() throws Exception {
    Path recording = dir.resolve("exit.jfr");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:StartFlightRecording=filename=" + recording,
            "-Xlog:jfr+startup=warning",
            "-Dflowmeter.sinks=jfr",
            "-cp",
            System.getProperty("java.class.path"),
            Program.class.getName(),
            String.valueOf(BURST));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    long transfers = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (event.getEventType().getName().equals(TransferEvent.NAME)) {
          transfers++;
        }
      }
    }
    assertThat(transfers).as(output).isEqualTo(BURST);
    assertThat(output).doesNotContain("not in it");
  }
}
