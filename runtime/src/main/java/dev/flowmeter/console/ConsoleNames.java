// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Short names for the console: a transfer named by an absolute file path (the agent names file
 * transfers so) is shown relative to the working directory when it lies under it ({@code
 * data/report.pdf}), else by its last two names ({@code …/exports/report.pdf}).
 *
 * <p>Only the console shortens: the structured sinks (csv, jsonl, json, log) keep the full path,
 * which is what a program reading them needs. Nothing here touches the file system: the path is
 * read as text, so a name that merely looks like a path costs no I/O.
 *
 * <p>Stateless and thread-safe.
 */
final class ConsoleNames {
  private ConsoleNames() {}

  /** The working directory of this JVM, absolute and normalized, or null when unknown. */
  static @Nullable Path workingDirectory() {
    String dir = System.getProperty("user.dir");
    if (dir == null || dir.isEmpty()) {
      return null;
    }
    try {
      return Path.of(dir).toAbsolutePath().normalize();
    } catch (InvalidPathException | SecurityException | java.io.IOError e) {
      return null; // then absolute names are shown by their end
    }
  }

  /**
   * {@code name} as the console shows it: unchanged unless it is an absolute file path; then
   * relative to {@code workingDirectory} when under it, else {@code …/parent/file} ({@code ...}
   * when {@code ascii}) when it has more than two names.
   */
  static String shorten(String name, @Nullable Path workingDirectory, boolean ascii) {
    if (!looksAbsolute(name)) {
      return name;
    }
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      return name; // not a path on this platform: a label that starts with a slash
    }
    if (!path.isAbsolute()) {
      return name;
    }
    path = path.normalize();
    if (workingDirectory != null
        && path.startsWith(workingDirectory)
        && !path.equals(workingDirectory)) {
      return workingDirectory.relativize(path).toString();
    }
    int n = path.getNameCount();
    if (n <= 2) {
      return name;
    }
    String separator = path.getFileSystem().getSeparator();
    return (ascii ? "..." : "\u2026") + separator + path.subpath(n - 2, n);
  }

  /** A cheap test before parsing: {@code /x}, {@code \x}, or a drive letter {@code C:\x}. */
  private static boolean looksAbsolute(String name) {
    if (name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    if (first == '/' || first == '\\') {
      return true;
    }
    return name.length() > 2
        && Character.isLetter(first)
        && name.charAt(1) == ':'
        && (name.charAt(2) == '\\' || name.charAt(2) == '/');
  }
}
