// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar flowmeter-agent.jar attach <pid> [key=value;...]} against a JVM in the middle of
 * a copy: the copy's progress appears in the CSV sink named in the attach arguments and reaches its
 * total, what moved before the attach included.
 */
final class AttachTest {
  private static final int SIZE = 8 * 1024 * 1024;

  /** What the JVM prints for a {@code Boot-Class-Path} entry it cannot add while it runs. */
  private static final String NOT_ADDED = "not added to bootstrap class loader search";

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
      assertThat(attachOutput).contains("attached to " + pid + "; the agent runs there");

      assertThat(program.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(program.exitValue()).isZero();
      assertThat(Files.readString(out, UTF8))
          .contains("copied " + SIZE + " of " + SIZE)
          .contains("agent installed");
      assertThat(Files.mismatch(source, target)).isEqualTo(-1);
      assertThat(Files.readString(dir.resolve("program-err.txt"), UTF8)).doesNotContain(NOT_ADDED);

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

  @Test
  void attach_unknownSink_printsTheTargetsLineAndExitsTwo() throws Exception {
    Process program = idle(null);
    try {
      Attach attach = attach(pid(program), "flowmeter.sinks=bogus");
      assertThat(attach.exit).as(attach.output).isEqualTo(2);
      assertThat(attach.output)
          .contains("flowmeter: flowmeter.sinks: 'bogus' names an unknown sink 'bogus'")
          .contains("the agent runs there without what the lines above reject")
          .doesNotContain("the agent runs there\n");
    } finally {
      end(program);
    }
  }

  @Test
  void attach_agentTurnsItselfOff_printsWhyAndExitsOne_thenAnAttachRetries() throws Exception {
    Process program = idle(null);
    try {
      String pid = pid(program);
      Attach off = attach(pid, "flowmeter.agent.min-bytes=lots");
      assertThat(off.exit).as(off.output).isEqualTo(1);
      assertThat(off.output)
          .contains("flowmeter.agent.min-bytes: 'lots' is not a size")
          .contains("the agent did not start in " + pid);

      Attach retry = attach(pid, "flowmeter.sinks=none");
      assertThat(retry.exit).as(retry.output).isZero();
      assertThat(retry.output).contains("attached to " + pid + "; the agent runs there");
    } finally {
      end(program);
    }
  }

  @Test
  void attach_twice_secondSaysItsSettingsWereIgnoredAndExitsThree() throws Exception {
    Process program = idle(null);
    try {
      String pid = pid(program);
      Path first = dir.resolve("first.csv");
      Path second = dir.resolve("second.csv");
      Attach attached = attach(pid, "flowmeter.sinks=csv:" + first);
      assertThat(attached.exit).as(attached.output).isZero();

      Attach ignored = attach(pid, "flowmeter.sinks=csv:" + second);
      assertThat(ignored.exit).as(ignored.output).isEqualTo(3);
      assertThat(ignored.output)
          .contains("the agent already runs in " + pid + " with 'flowmeter.sinks=csv:" + first)
          .contains("'flowmeter.sinks=csv:" + second + "' ignored");
      // the target kept its settings
      assertThat(Files.readString(dir.resolve("idle-err.txt"), UTF8)).doesNotContain("flowmeter:");
    } finally {
      end(program);
    }
  }

  @Test
  void attach_toAJvmStartedWithTheAgent_isIgnoredAndExitsThree() throws Exception {
    Process program = idle("flowmeter.sinks=none");
    try {
      String pid = pid(program);
      Attach ignored = attach(pid, "flowmeter.sinks=console");
      assertThat(ignored.exit).as(ignored.output).isEqualTo(3);
      assertThat(ignored.output)
          .contains("the agent already runs in " + pid + " with 'flowmeter.sinks=none'");
    } finally {
      end(program);
    }
  }

  /**
   * JDK 21 and later print a four-line warning when an agent is loaded into a running JVM (JEP
   * 451); the attacher says how to silence it, and {@code -XX:+EnableDynamicAgentLoading} does.
   */
  @Test
  void attach_onJdk21OrLater_warningAndHowToSilenceIt() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "the warning exists from JDK 21 on");
    Process warned = idle(null);
    try {
      Attach attach = attach(pid(warned), "flowmeter.sinks=none");
      assertThat(attach.exit).as(attach.output).isZero();
      assertThat(attach.output).contains("start it with -XX:+EnableDynamicAgentLoading");
    } finally {
      end(warned);
    }
    assertThat(Files.readString(dir.resolve("idle-err.txt"), UTF8))
        .contains("WARNING: A Java agent has been loaded dynamically");

    Process allowed = idle(null, "-XX:+EnableDynamicAgentLoading");
    try {
      Attach attach = attach(pid(allowed), "flowmeter.sinks=none");
      assertThat(attach.exit).as(attach.output).isZero();
      assertThat(attach.output).doesNotContain("EnableDynamicAgentLoading");
    } finally {
      end(allowed);
    }
    assertThat(Files.readString(dir.resolve("idle-err.txt"), UTF8))
        .doesNotContain("loaded dynamically");
  }

  /**
   * The JVM adds a dynamically loaded agent's {@code Boot-Class-Path} entries to its bootstrap
   * class path and warns of each that is not a jar there: the agent jar's manifest names two files
   * (the built and the installed name), of which one at most is next to it. A jar of another name,
   * in a folder whose name has a space, is attached without the warning too.
   */
  @Test
  void attach_anyJarName_targetPrintsNoBootClassPathWarning() throws Exception {
    Path renamed = Files.createDirectories(dir.resolve("my agents")).resolve("fm agent.jar");
    Files.copy(Forked.AGENT, renamed);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    for (Path jar : List.of(Forked.AGENT, renamed)) {
      Process program = idle(null);
      try {
        Attach attach = attach(jar, tmp, pid(program), "flowmeter.sinks=none");
        assertThat(attach.exit).as(attach.output).isZero();
      } finally {
        end(program);
      }
      assertThat(Files.readString(dir.resolve("idle-err.txt"), UTF8))
          .as(jar.toString())
          .doesNotContain(NOT_ADDED)
          .doesNotContain("Boot-Class-Path");
    }
    // nothing of the attach is left in the temporary folder
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  /** What {@code java -jar flowmeter-agent.jar attach} printed (both streams) and its status. */
  private static final class Attach {
    final int exit;
    final String output;

    Attach(int exit, String output) {
      this.exit = exit;
      this.output = output;
    }
  }

  private static Attach attach(String pid, String options) throws Exception {
    return attach(Forked.AGENT, null, pid, options);
  }

  /** Attaches with {@code jar}, its temporary files in {@code tmp} (the default folder if null). */
  private static Attach attach(Path jar, @Nullable Path tmp, String pid, String options)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(java()));
    if (tmp != null) {
      command.add("-Djava.io.tmpdir=" + tmp);
    }
    command.addAll(List.of("-jar", jar.toString(), "attach", pid, options));
    Process attach = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(attach.getInputStream().readAllBytes(), UTF8);
    assertThat(attach.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Attach(attach.exitValue(), output);
  }

  /**
   * Starts {@link IdleProgram} with JVM {@code options}, and with the agent and {@code
   * agentArguments} unless null.
   */
  private Process idle(@Nullable String agentArguments, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(List.of(options));
    if (agentArguments != null) {
      command.add("-javaagent:" + Forked.AGENT + "=" + agentArguments);
    }
    command.addAll(List.of("-cp", Forked.classPath(), IdleProgram.class.getName()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("idle.txt").toFile())
            .redirectError(dir.resolve("idle-err.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    return builder.start();
  }

  private String pid(Process program) throws Exception {
    return awaitLine(dir.resolve("idle.txt"), "pid ").substring(4);
  }

  /** Ends {@link IdleProgram} by closing its input; it must end normally. */
  private static void end(Process program) throws Exception {
    try {
      program.getOutputStream().close();
      assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(program.exitValue()).isZero();
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
