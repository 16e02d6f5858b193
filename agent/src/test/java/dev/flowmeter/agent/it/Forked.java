// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

/** Runs a program in a forked JVM, with or without the built agent, and keeps what it printed. */
final class Forked {
  static final Path AGENT = Path.of(System.getProperty("flowmeter.agent.jar"));
  static final Path LIBS = Path.of(System.getProperty("flowmeter.it.libs"));

  final int exit;
  final String out;
  final String err;

  private Forked(int exit, String out, String err) {
    this.exit = exit;
    this.out = out;
    this.err = err;
  }

  /** The test classes first, then {@code extra}, as class path. */
  static String classPath(Path... extra) {
    StringBuilder cp = new StringBuilder(System.getProperty("flowmeter.it.classes", testClasses()));
    for (Path p : extra) {
      cp.append(File.pathSeparator).append(p);
    }
    return cp.toString();
  }

  private static String testClasses() {
    return codeSource(CopyProgram.class);
  }

  /** Runs {@code main} with {@code agentArguments} (null: without the agent). */
  static Forked run(Path dir, String agentArguments, String classPath, String main, String... args)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>();
    options.add("-Xshare:off"); // the same class sharing with and without the agent
    return runWith(dir, options, agentArguments, classPath, main, args);
  }

  /** Runs {@code main} with the JVM's default options and {@code agentArguments} (null: none). */
  static Forked runWithDefaults(
      Path dir, String agentArguments, String classPath, String main, String... args)
      throws IOException, InterruptedException {
    return runWith(dir, List.of(), agentArguments, classPath, main, args);
  }

  /** Runs {@code main} with JVM {@code options} and {@code agentArguments} (null: none). */
  static Forked runWith(
      Path dir,
      List<String> options,
      String agentArguments,
      String classPath,
      String main,
      String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    if (agentArguments != null) {
      command.add("-javaagent:" + AGENT + (agentArguments.isEmpty() ? "" : "=" + agentArguments));
    }
    command.add("-cp");
    command.add(classPath);
    command.add(main);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("forked program did not end: " + command);
    }
    return new Forked(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Compiles with the JDK's compiler, as {@code javac args}; fails the test on any error. */
  static void javac(String... args) {
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args);
    if (rc != 0) {
      throw new AssertionError("javac failed (" + rc + "): " + String.join(" ", args));
    }
  }

  /** Where {@code type} was loaded from: a folder or a jar. */
  static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lines of standard error that the agent printed. */
  List<String> agentLines() {
    return linesStartingWith("flowmeter-agent:");
  }

  /** Lines of standard error that the runtime printed (a configuration problem, say). */
  List<String> runtimeLines() {
    return linesStartingWith("flowmeter:");
  }

  private List<String> linesStartingWith(String prefix) {
    List<String> lines = new ArrayList<>();
    for (String line : err.split("\\R")) {
      if (line.startsWith(prefix)) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The rows of a CSV sink's file, without the header, split into columns. */
  static List<String[]> csv(Path file) throws IOException {
    List<String[]> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  /** The program's threads, as {@code jcmd <pid> Thread.print} prints them, for a failure. */
  static String threads(Process process) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(process.pid()),
                  "Thread.print")
              .redirectErrorStream(true)
              .start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(30, TimeUnit.SECONDS);
      return dump;
    } catch (IOException | InterruptedException e) {
      return "(no thread dump: " + e + ")";
    }
  }
}
