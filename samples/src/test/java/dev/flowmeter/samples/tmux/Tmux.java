// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A program run in a real terminal: a detached tmux session of a given size, on a server of its
 * own, whose screen and scrollback the test reads back.
 *
 * <p>Each instance starts its own tmux server ({@code -L} with a name unique to this JVM and
 * instance, {@code -f} with a configuration written here), so runs never share a server and no user
 * configuration applies. The program runs from a script in the test's folder: {@code timeout
 * --foreground} bounds it (in the terminal's foreground process group, so it gets {@code SIGWINCH}
 * when the window is resized), then the script writes the exit status to a marker file and keeps
 * the pane open for a bounded time, so that the screen can be read after the program ended without
 * tmux writing anything into it. {@link #close()} kills the server; a server whose test JVM died
 * ends by itself once the script's last {@code sleep} has run out.
 *
 * <p>The terminal's environment is this JVM's without {@code CI} (which would make Flowmeter take
 * the terminal for a CI log), {@code COLUMNS}, {@code LINES} and {@code NO_COLOR} (the size and the
 * colours are the terminal's), {@code FLOWMETER_*} and the JVM option variables (which print a line
 * of their own); the locale is {@code C.UTF-8}.
 *
 * <p>Tested with tmux 3.3a (Debian bookworm). Setting {@code window-size manual} before the first
 * session crashes that server, so the size comes from {@code new-session -x -y} alone: with no
 * client attached the window keeps it, and {@code resize-window} switches the window to a manual
 * size by itself.
 */
final class Tmux implements AutoCloseable {
  /** The longest a program may run before {@code timeout} ends it. */
  static final int PROGRAM_SECONDS = 90;

  /** How long the pane stays open after the program ended. */
  private static final int LINGER_SECONDS = 60;

  private static final long COMMAND_SECONDS = 10;
  private static final long POLL_MILLIS = 100;
  private static final String SESSION = "t";
  private static final AtomicInteger sockets = new AtomicInteger();

  private final String socket;
  private final Path exitFile;
  private final String name;
  private final List<Capture.Frame> frames = new ArrayList<>();
  private Path socketFile; // null until the server answered
  private int columns;
  private int rows;

  private Tmux(String socket, Path dir, String name, int columns, int rows) {
    this.socket = socket;
    this.exitFile = dir.resolve(".exit");
    this.name = name;
    this.columns = columns;
    this.rows = rows;
  }

  /**
   * Starts {@code command} (a {@code sh} command line) in {@code dir}, in a terminal of {@code
   * columns} by {@code rows}; {@code name} names the run in failure messages and saved screens.
   * Aborts the test when tmux is missing, unless {@code CI} is set: then it fails.
   */
  static Tmux start(Path dir, String name, int columns, int rows, String command)
      throws IOException {
    requireTmux();
    Tmux tmux =
        new Tmux(
            "flowmeter-" + ProcessHandle.current().pid() + "-" + sockets.incrementAndGet(),
            dir,
            name,
            columns,
            rows);
    Path config = dir.resolve(".tmux.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "set -g default-shell /bin/sh",
            "set -g history-limit 100000",
            "set -g status off",
            "set -g remain-on-exit off",
            ""));
    Path script = dir.resolve(".run.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            // Ctrl+C stops the program, not this script: the exit status is still written (a
            // trap with a command, unlike an ignored signal, is reset for the program)
            "trap true INT",
            command,
            "echo $? > " + quote(tmux.exitFile.toString()),
            "exec sleep " + LINGER_SECONDS,
            ""));
    try {
      tmux.tmux(
          "-f",
          config.toString(),
          "new-session",
          "-d",
          "-s",
          SESSION,
          "-x",
          String.valueOf(columns),
          "-y",
          String.valueOf(rows),
          "-c",
          dir.toString(),
          "sh " + quote(script.toString()));
      tmux.socketFile =
          Path.of(tmux.tmux("display-message", "-p", "-t", SESSION, "#{socket_path}").trim());
    } catch (IOException | RuntimeException e) {
      tmux.close();
      throw e;
    }
    return tmux;
  }

  /**
   * The shell command that runs {@code main} in a child JVM of this JVM's Java, bounded by {@code
   * timeout}: {@code options} before the main class, {@code args} after it, all quoted.
   */
  static String java(List<String> options, String classPath, String main, String... args) {
    List<String> words = new ArrayList<>();
    words.add("timeout");
    words.add("--foreground");
    words.add(String.valueOf(PROGRAM_SECONDS));
    words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the program's own lines in one locale, whatever the machine's
    words.add("-Duser.language=en");
    words.add("-Duser.country=US");
    words.addAll(options);
    words.add("-cp");
    words.add(classPath);
    words.add(main);
    words.addAll(List.of(args));
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      line.append(line.length() == 0 ? "" : " ").append(quote(word));
    }
    return line.toString();
  }

  /** This JVM's test class path. */
  static String testClassPath() {
    return System.getProperty("java.class.path");
  }

  /** The folder or jar {@code type} was loaded from, as a class path of one entry. */
  static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Polls the visible screen until {@code condition} holds for its rows, or the program has ended;
   * returns whether it held. A condition that never holds costs the program's run time, no more.
   */
  boolean awaitScreen(Predicate<List<String>> condition) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROGRAM_SECONDS + 10);
    while (System.nanoTime() < deadline) {
      boolean ended = Files.exists(exitFile);
      if (condition.test(sample())) {
        return true;
      }
      if (ended) {
        return false;
      }
      pause();
    }
    return false;
  }

  /** Types {@code keys} into the terminal, in tmux's key names ({@code C-c} for Ctrl+C). */
  void sendKeys(String... keys) throws IOException {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** Resizes the window, as a user dragging the terminal's corner would. */
  void resize(int newColumns, int newRows) throws IOException {
    tmux(
        "resize-window",
        "-t",
        SESSION,
        "-x",
        String.valueOf(newColumns),
        "-y",
        String.valueOf(newRows));
    this.columns = newColumns;
    this.rows = newRows;
  }

  /**
   * The visible screen now, kept with the cursor's visibility as one of the frames seen while the
   * program ran; one tmux call, so that both belong to the same moment.
   */
  private List<String> sample() throws IOException {
    List<String> screen =
        lines(
            tmux(
                "capture-pane",
                "-p",
                "-t",
                SESSION,
                ";",
                "display-message",
                "-p",
                "-t",
                SESSION,
                "#{cursor_flag}"));
    String cursor = screen.isEmpty() ? "" : screen.remove(screen.size() - 1);
    frames.add(new Capture.Frame(List.copyOf(screen), "1".equals(cursor.trim())));
    return screen;
  }

  /**
   * Waits until the program has ended (it is bounded by {@code timeout}), sampling the screen on
   * the way, then reads the screen and the scrollback; saves them when {@code flowmeter.tmux.save}
   * names a prefix (see {@link Capture#save}).
   */
  Capture awaitEnd() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROGRAM_SECONDS + 10);
    while (!Files.exists(exitFile) || Files.size(exitFile) == 0) {
      if (System.nanoTime() > deadline) {
        fail("the program in tmux did not end:\n" + capture(-1).render());
      }
      sample();
      pause();
    }
    int exit = Integer.parseInt(Files.readString(exitFile).trim());
    Capture capture = capture(exit);
    capture.save();
    return capture;
  }

  private Capture capture(int exit) throws IOException {
    List<String> rowsNow = lines(tmux("capture-pane", "-p", "-S", "-", "-E", "-", "-t", SESSION));
    List<String> joined =
        lines(tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", SESSION));
    String cursor = tmux("display-message", "-p", "-t", SESSION, "#{cursor_flag}").trim();
    return new Capture(
        name, columns, rows, rowsNow, joined, "1".equals(cursor), exit, List.copyOf(frames));
  }

  /**
   * Kills this test's tmux server, and with it the program if it still runs, and deletes its socket
   * (tmux 3.3a leaves it behind).
   */
  @Override
  public void close() {
    try {
      run(List.of("tmux", "-L", socket, "kill-server"), false);
      if (socketFile != null) {
        Files.deleteIfExists(socketFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tmux(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-u"));
    command.addAll(List.of(args));
    return run(command, true);
  }

  private static String run(List<String> command, boolean check) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k ->
                k.equals("CI")
                    || k.equals("COLUMNS")
                    || k.equals("LINES")
                    || k.equals("NO_COLOR")
                    || k.startsWith("FLOWMETER_")
                    || k.startsWith("TMUX")
                    || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS")
                    || k.equals("_JAVA_OPTIONS"));
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("tmux did not answer: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
    if (check && process.exitValue() != 0) {
      throw new IOException(
          "tmux failed (" + process.exitValue() + "): " + command + "\n" + output);
    }
    return output;
  }

  /** Aborts the test without tmux; fails it when {@code CI} is set, where it must be installed. */
  static void requireTmux() {
    String version;
    try {
      version = run(List.of("tmux", "-V"), true).trim();
    } catch (IOException e) {
      version = null;
    }
    if (version == null || !version.startsWith("tmux ")) {
      String reason = "tmux is not installed (.ci/install-tools installs it from Debian)";
      if (System.getenv("CI") != null) {
        fail(reason + ", and CI is set: the terminal tests must run");
      }
      Assumptions.abort(reason);
    }
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1); // the newline after the last row
    }
    return lines;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for tmux", e);
    }
  }

  /** {@code word} quoted for {@code sh}. */
  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=,+@%-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** A class path of {@code entries}. */
  static String classPath(String... entries) {
    return String.join(File.pathSeparator, entries);
  }
}
