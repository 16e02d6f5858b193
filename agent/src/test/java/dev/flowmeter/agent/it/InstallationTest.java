// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The installation's own failures (issue 9, item 3): a JVM ending under the installer is silent,
 * {@code flowmeter.agent.debug} shows stack traces, a {@code wait} that times out says so, and
 * boolean keys accept only {@code true} and {@code false}.
 */
final class InstallationTest {
  private static final String INSTALLER = "dev.flowmeter.agent.installer.AgentInstaller";

  @TempDir Path dir;

  @Test
  void jvmExitingUnderInstaller_printsNothing() throws Exception {
    // in the background (wait=false), the installer goes on once the program has ended; the JVM
    // ends under it. With extensions it waits for the tracker, whose sink provider blocks until the
    // JVM's exit begins (and, made by then, is not made during the exit, where it could not
    // register its own shutdown hook)
    Forked run =
        probed(
            "exit",
            "flowmeter.sinks=test-installer;flowmeter.agent.wait=false;flowmeter.extensions=" + dir,
            ShortProgram.class,
            "0");

    assertThat(run.exit).isZero();
    assertThat(run.err).isEmpty();
  }

  @Test
  void failure_whileJvmExits_isSilent() throws Exception {
    Forked run = shutdownFailure();

    assertThat(run.exit).isZero();
    assertThat(run.err.strip())
        .isEqualTo(
            "flowmeter-agent: cannot install (while running); the agent is off, the application"
                + " runs without it");
  }

  @Test
  void debug_failureWhileJvmExits_saysItStoppedWithStackTrace() throws Exception {
    Forked run = shutdownFailure("debug");

    assertThat(run.agentLines())
        .containsExactly(
            "flowmeter-agent: cannot install (while running); the agent is off, the application"
                + " runs without it",
            "flowmeter-agent: stopped: the JVM is exiting (java.lang.NullPointerException:"
                + " exiting)");
    assertThat(run.err).contains("\tat dev.flowmeter.agent.it.ShutdownFailureProgram");
  }

  @Test
  void installerFailure_printsOneLineWithoutStackTrace() throws Exception {
    Forked run = quickReadWithBrokenAgent("flowmeter.sinks=none");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("read 1000\n");
    assertThat(run.agentLines())
        .singleElement()
        .asString()
        .contains("cannot install")
        .contains("ClassNotFoundException: " + INSTALLER)
        .contains("the agent is off");
    assertThat(run.err).doesNotContain("\tat ");
  }

  @Test
  void debug_installerFailure_printsStackTrace() throws Exception {
    Forked run = quickReadWithBrokenAgent("flowmeter.sinks=none;flowmeter.agent.debug=true");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("read 1000\n");
    assertThat(run.agentLines()).singleElement().asString().contains("cannot install");
    assertThat(run.err)
        .contains("java.lang.ClassNotFoundException: " + INSTALLER)
        .contains("\tat dev.flowmeter.agent.Installation.run");
  }

  @Test
  void debug_configurationError_printsStackTrace() throws Exception {
    Forked run = quickRead("flowmeter.agent.min-bytes=lots;flowmeter.agent.debug=TRUE ");

    assertThat(run.agentLines()).singleElement().asString().contains("flowmeter.agent.min-bytes");
    assertThat(run.err).contains("dev.flowmeter.agent.installer.AgentConfig.<init>");
  }

  @Test
  void wait_timesOut_saysSoInOneLine() throws Exception {
    Path file = dir.resolve("any.bin");
    Files.write(file, new byte[1000]);

    // without "await": the program ends while the installation is still stalled; with extensions
    // the installer waits for the tracker, whose sink stalls
    Forked run =
        probed(
            "stall",
            "flowmeter.sinks=test-installer;flowmeter.agent.wait=true;flowmeter.extensions=" + dir,
            QuickReadProgram.class,
            file.toString());

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("read 1000\n");
    assertThat(run.agentLines())
        .singleElement()
        .asString()
        .contains("flowmeter.agent.wait")
        .contains("not in place after 10 s")
        .contains("may be missed");
  }

  @Test
  void sinkStallingAtStart_doesNotHoldUpMain() throws Exception {
    Path file = dir.resolve("any.bin");
    Files.write(file, new byte[1000]);

    // the tracker is made beside main, not before it: its stalled sink delays no one (premain
    // waiting for it would say after 10 s that it stops waiting)
    Forked run =
        probed("stall", "flowmeter.sinks=test-installer", QuickReadProgram.class, file.toString());

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("read 1000\n");
    assertThat(run.err).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "flowmeter.agent.debug, maybe, false",
    "flowmeter.agent.debug, yes, false",
    "flowmeter.agent.wait, 1, true",
    "flowmeter.agent.wait, on, true",
  })
  void entryPointBoolean_malformed_saysOneLineAndUsesDefault(
      String key, String value, String fallback) throws Exception {
    Forked run = quickRead("flowmeter.sinks=none;" + key + "=" + value);

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("read 1000\n");
    assertThat(run.err.lines().filter(l -> !l.isBlank()))
        .singleElement()
        .isEqualTo(
            "flowmeter-agent: "
                + key
                + ": '"
                + value
                + "' is not a boolean (accepted: true, false); using "
                + fallback);
  }

  @ParameterizedTest
  @CsvSource({"maybe", "off", "0"})
  void instrumentationEnabled_malformed_saysOneLineAndInstrumentsAsByDefault(String value)
      throws Exception {
    Path file = dir.resolve("read.bin");
    Files.write(file, new byte[3 * 1024 * 1024]);
    Path csv = dir.resolve("enabled.csv");

    Forked run =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:"
                + csv
                + ";flowmeter.agent.wait=true;flowmeter.instrumentation.file.enabled="
                + value,
            Forked.classPath(),
            QuickReadProgram.class.getName(),
            file.toString());

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.agentLines()).isEmpty();
    assertThat(run.runtimeLines())
        .singleElement()
        .isEqualTo(
            "flowmeter: flowmeter.instrumentation.file.enabled: '"
                + value
                + "' is not a boolean (accepted: true, false); using true");
    assertThat(CsvRows.of(csv).last(file.toString())[CsvRows.STATUS]).isEqualTo("completed");
  }

  /**
   * Runs {@link QuickReadProgram} with a copy of the agent jar that lacks its installer: a damaged
   * jar, which makes the installation fail in a way no configuration can.
   */
  private Forked quickReadWithBrokenAgent(String agentArguments) throws Exception {
    Path jar = dir.resolve("broken").resolve("flowmeter-agent.jar");
    copyWithout(Forked.AGENT, jar, "inst/" + INSTALLER.replace('.', '/') + ".classdata");
    Path file = dir.resolve("any.bin");
    Files.write(file, new byte[1000]);
    return Forked.runWith(
        dir,
        List.of("-Xshare:off", "-javaagent:" + jar + "=" + agentArguments),
        null,
        Forked.classPath(),
        QuickReadProgram.class.getName(),
        file.toString(),
        "await");
  }

  private static void copyWithout(Path from, Path to, String left) throws IOException {
    Files.createDirectories(to.getParent());
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (!entry.getName().equals(left)) {
          out.putNextEntry(new ZipEntry(entry.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
  }

  /**
   * Runs {@code main} with the agent and {@link InstallerProbeSinkProvider} set to {@code probe}.
   */
  private Forked probed(String probe, String agentArguments, Class<?> main, String... args)
      throws Exception {
    return Forked.runWith(
        dir,
        List.of("-Xshare:off", "-D" + InstallerProbeSinkProvider.PROBE + "=" + probe),
        agentArguments,
        Forked.classPath(),
        main.getName(),
        args);
  }

  private Forked shutdownFailure(String... args) throws Exception {
    return Forked.run(
        dir,
        null,
        Forked.classPath(Path.of(Forked.codeSource(dev.flowmeter.agent.FlowmeterAgent.class))),
        ShutdownFailureProgram.class.getName(),
        args);
  }

  private Forked quickRead(String agentArguments) throws Exception {
    Path file = dir.resolve("any.bin");
    Files.write(file, new byte[1000]);
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(),
        QuickReadProgram.class.getName(),
        file.toString(),
        "await");
  }
}
