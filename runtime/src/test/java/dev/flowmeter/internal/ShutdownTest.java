// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a forked JVM: transfers still running at exit end as cancelled ("JVM shutting down") in every
 * sink, and the exit status stays what the application made it.
 */
final class ShutdownTest {
  @TempDir Path dir;

  /** The forked program: starts two transfers, ends one, then leaves as {@code args[0]} says. */
  public static final class Program {
    public static void main(String[] args) throws Exception {
      Transfer done = Flowmeter.start("done", 10);
      done.advance(10);
      done.complete();
      Transfer running = Flowmeter.start("running");
      running.advance(7);
      System.out.println("ready");
      System.out.flush();
      switch (args[0]) {
        case "exit":
          System.exit(3);
          break;
        case "throw":
          throw new IllegalStateException("application failure");
        case "wait":
          Thread.sleep(60_000); // killed by the test
          break;
        default:
          break; // return normally
      }
    }
  }

  private Process fork(String mode, Path record, String sinks, String... properties)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(List.of(properties));
    command.add("-Dflowmeter.sinks=" + sinks.replace("{record}", record.toString()));
    command.add(Program.class.getName());
    command.add(mode);
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private List<String> run(String mode, int expectedExit) throws Exception {
    Path record = dir.resolve(mode + ".txt");
    Process process = fork(mode, record, "test-record:{record}");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(expectedExit);
    return Files.readAllLines(record);
  }

  @Test
  void normalReturn_runningTransferCancelledExitZero() throws Exception {
    assertThat(run("return", 0))
        .containsExactly(
            "1 starting 0 -",
            "1 completed 10 -",
            "2 starting 0 -",
            "2 cancelled 7 JVM shutting down");
  }

  @Test
  void systemExit_statusKept() throws Exception {
    assertThat(run("exit", 3)).contains("2 cancelled 7 JVM shutting down");
  }

  @Test
  void uncaughtException_statusKept() throws Exception {
    assertThat(run("throw", 1)).contains("2 cancelled 7 JVM shutting down");
  }

  @Test
  void terminated_runningTransferCancelled() throws Exception {
    Path record = dir.resolve("term.txt");
    Process process = fork("wait", record, "test-record:{record}");
    InputStream out = process.getInputStream();
    byte[] ready = out.readNBytes("ready".length());
    assertThat(new String(ready, StandardCharsets.UTF_8)).isEqualTo("ready");
    process.destroy(); // SIGTERM: shutdown hooks run, as on Ctrl+C
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(143);
    assertThat(Files.readAllLines(record)).contains("2 cancelled 7 JVM shutting down");
  }

  @Test
  void hangingSink_exitStillHappensWithItsStatus() throws Exception {
    Path record = dir.resolve("hang.txt");
    Process process =
        fork(
            "exit",
            record,
            "test-record:{record}",
            "-Dflowmeter.sink.test-record.hang=true",
            "-Dflowmeter.shutdown-timeout=500ms");
    process.getInputStream().readAllBytes();
    // generous: the hook waits 500 ms for the stuck sink, then lets the JVM go
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(3);
    assertThat(Files.readAllLines(record)).containsExactly("1 starting 0 -", "hanging");
  }

  /** Fail-open: an unknown sink beside a valid one is one line; the valid one sees every event. */
  @Test
  void unknownSink_throughApi_oneLine_theOtherSinkRunsToTheEnd() throws Exception {
    Path record = dir.resolve("bad.txt");
    Process process = fork("return", record, "test-record:{record},nosuchsink");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.lines().filter(l -> l.startsWith("flowmeter:")))
        .singleElement()
        .asString()
        .startsWith("flowmeter: flowmeter.sinks: 'test-record:")
        .contains("names an unknown sink 'nosuchsink' (accepted: ");
    assertThat(Files.readAllLines(record)).contains("2 cancelled 7 JVM shutting down");
  }
}
