// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The name of a file transfer: the file's absolute, normalised path, what {@code lsof} shows,
 * whatever path string the program passed ({@code d00/f0000.txt} becomes {@code
 * /home/me/run/d00/f0000.txt}), so that a CSV or JSON record says which file it was.
 *
 * <p>Cost: the working directory is prepended and {@code .} and {@code ..} are removed as text; no
 * call reaches the file system, and symbolic links are kept as the program named them. Made once
 * per stream, at its first counted call.
 *
 * <p>Not for public use. Thread-safety: stateless.
 */
final class FileNames {
  private FileNames() {}

  /** The name of the file {@code path} (as the program passed it), or {@code null} for null. */
  static String of(String path) {
    if (path == null || path.isEmpty()) {
      return path;
    }
    try {
      return of(Path.of(path));
    } catch (InvalidPathException e) {
      return new File(path).getAbsolutePath(); // a name the JDK's paths refuse, kept as given
    }
  }

  /** The name of the file {@code path}. */
  static String of(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }
}
