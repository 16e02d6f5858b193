// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a notifier's command ({@code osascript}, {@code gdbus}) without a shell, bounded in time: it
 * is given {@link DbusNotifier#ANSWER_TIMEOUT}, then killed.
 */
final class Command {
  private Command() {}

  /**
   * Runs {@code command} with {@code env} added to the environment; returns what it printed
   * (standard output and error, the first 64 KiB, trimmed).
   *
   * @throws Notifier.Unavailable when the program cannot be started
   * @throws Notifier.NoAnswer when it does not end in time (it is killed)
   * @throws IOException when it fails (exits with another status than 0)
   */
  static String run(List<String> command, Map<String, String> env) throws IOException {
    String name = command.get(0).substring(command.get(0).lastIndexOf('/') + 1);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new Notifier.Unavailable("cannot run " + name + ": " + e.getMessage(), e);
    }
    process.getOutputStream().close();
    try {
      if (!process.waitFor(DbusNotifier.ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new Notifier.NoAnswer(
            name + " did not end in " + DbusNotifier.ANSWER_TIMEOUT.toSeconds() + " s (stopped)");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + name + " ran", e);
    }
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          name
              + " failed (status "
              + process.exitValue()
              + ")"
              + (output.isEmpty() ? "" : ": " + NotificationText.plain(output, 300)));
    }
    return output;
  }
}
