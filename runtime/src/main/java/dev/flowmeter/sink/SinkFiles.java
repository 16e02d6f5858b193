// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** Opening the files of the file sinks: the path from the argument, its directories, the writer. */
final class SinkFiles {
  private SinkFiles() {}

  /**
   * The path named by the sink's argument (everything after the first {@code :}), with its parent
   * directories created.
   *
   * @throws dev.flowmeter.ConfigException when the argument is missing
   * @throws IOException when the argument is no valid path or its directories cannot be created
   */
  static Path path(SinkContext context, String usage) throws IOException {
    String argument = context.requireArgument(usage);
    Path path;
    try {
      path = Paths.get(argument).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new IOException("not a valid path: " + e.getMessage(), e);
    }
    Path parent = path.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    return path;
  }

  /**
   * A buffered UTF-8 writer that appends to {@code path}, creating the file if needed.
   *
   * <p>Characters UTF-8 cannot encode (a lone surrogate in a file name) become {@code ?} instead of
   * failing the write, so one odd name never costs the sink its other rows.
   */
  static Writer append(Path path) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(
            Files.newOutputStream(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND),
            StandardCharsets.UTF_8));
  }
}
