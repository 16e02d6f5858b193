// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.desktop.it.CopyProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension jar under the agent: a program that knows nothing of Flowmeter copies a file in a
 * forked JVM started with {@code -javaagent:...=flowmeter.sinks=desktop;flowmeter.extensions=<the
 * jar>} and a private session bus, and the test's notification service receives the {@code Notify}
 * call.
 */
final class DesktopExtensionIT {
  private static final Path AGENT = Path.of(System.getProperty("flowmeter.agent.jar"));
  private static final Path EXTENSION = Path.of(System.getProperty("flowmeter.desktop.extension"));

  @TempDir Path dir;

  @Test
  void copyUnderTheAgent_isNotifiedOverTheSessionBus() throws Exception {
    assertThat(AGENT).isRegularFile();
    assertThat(EXTENSION).isRegularFile();
    Path source = dir.resolve("backup.bin");
    Path target = dir.resolve("copy.bin");
    Files.write(source, new byte[3 << 20]);
    try (SessionBus bus = SessionBus.start();
        NotificationService service = NotificationService.start(bus, "body", "body-markup")) {
      Run run =
          run(
              bus.address(),
              "flowmeter.sinks=desktop;flowmeter.extensions="
                  + EXTENSION
                  + ";flowmeter.sink.desktop.app-name=Copier",
              source.toString(),
              target.toString());

      assertThat(run.exit).as(run.err).isZero();
      assertThat(run.out).contains("copied 3145728");
      assertThat(run.err).as("nothing said on standard error").isEmpty();
      // the file read is tracked on every JDK; the file written too where Files.copy writes
      // through a stream (JDK 17), so a notification of the write is allowed, not required
      assertThat(service.await(1, Duration.ofSeconds(10))).isNotEmpty();
      List<NotificationService.Call> calls = service.calls(); // all: the program has ended
      assertThat(calls)
          .extracting(
              c -> c.appName() + ": " + c.summary() + ": " + c.body().lines().findFirst().get())
          .contains("Copier: Read finished: " + source)
          .isSubsetOf("Copier: Read finished: " + source, "Copier: Write finished: " + target);
      assertThat(calls).allSatisfy(c -> assertThat(c.body()).contains("\n3.0 MiB in "));
    }
  }

  @Test
  void withoutABus_isOneLine_andTheProgramRunsAsBefore() throws Exception {
    Path source = dir.resolve("backup.bin");
    Files.write(source, new byte[3 << 20]);

    Run run =
        run(
            null,
            "flowmeter.sinks=desktop;flowmeter.extensions=" + EXTENSION,
            source.toString(),
            dir.resolve("copy.bin").toString());

    assertThat(run.exit).isZero();
    assertThat(run.out).contains("copied 3145728");
    assertThat(run.err.lines())
        .containsExactly(
            "flowmeter: desktop sink: no desktop session bus here (DBUS_SESSION_BUS_ADDRESS is not"
                + " set); no desktop notifications");
  }

  private static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(int exit, String out, String err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }
  }

  private Run run(String busAddress, String agentArguments, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + AGENT + "=" + agentArguments);
    command.add("-cp");
    command.add(
        Path.of(CopyProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
    command.add(CopyProgram.class.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
    if (busAddress != null) {
      builder.environment().put("DBUS_SESSION_BUS_ADDRESS", busAddress);
    }
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("forked program did not end: " + command);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
