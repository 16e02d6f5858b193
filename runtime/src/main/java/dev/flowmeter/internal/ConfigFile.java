// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the properties file named by {@code flowmeter.config}, for the runtime and the agent alike.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ConfigFile {
  /** The largest configuration file read: 1 MiB. */
  public static final long MAX_BYTES = 1L << 20;

  private ConfigFile() {}

  /**
   * The {@code flowmeter.*} keys of the properties file at {@code path} (UTF-8).
   *
   * <p>Only a regular file is opened, and that is checked before opening it: a FIFO with no writer,
   * a terminal or a device would block the caller for ever, and a directory cannot be read.
   *
   * @throws ConfigException naming {@code flowmeter.config} when the file is missing, not a regular
   *     file or cannot be read
   */
  public static Map<String, String> read(String path) {
    // a bound: a configuration is a few lines; a huge file (a wrong path, a log) is refused in
    // one line instead of parsed and checked key by key while the application waits
    String accepted = " (accepted: a properties file)";
    Path file;
    try {
      file = Paths.get(path.trim());
    } catch (InvalidPathException e) {
      throw new ConfigException(ConfigKeys.CONFIG, path, "is not a file path" + accepted);
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          ConfigKeys.CONFIG,
          path,
          (Files.exists(file) ? "is not a regular file" : "does not exist") + accepted);
    }
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ConfigException(
            ConfigKeys.CONFIG,
            path,
            "is "
                + size
                + " bytes, more than a configuration needs (at most "
                + MAX_BYTES
                + " bytes)"
                + accepted);
      }
    } catch (IOException e) {
      throw new ConfigException(
          ConfigKeys.CONFIG,
          path,
          "cannot be read (" + Diagnostics.describe(e) + ")" + accepted,
          e);
    }
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(reader);
    } catch (CharacterCodingException e) {
      // a file saved as Latin-1 (the JDK's own default for properties files), or not text at all
      throw new ConfigException(
          ConfigKeys.CONFIG,
          path,
          "is not UTF-8 text (accepted: a properties file in UTF-8, or in ASCII with \\uXXXX"
              + " escapes)",
          e);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          ConfigKeys.CONFIG,
          path,
          "cannot be read (" + Diagnostics.describe(e) + ")" + accepted,
          e);
    }
    return flowmeterKeys(loaded);
  }

  /** The {@code flowmeter.*} entries of {@code source} whose keys and values are strings. */
  public static Map<String, String> flowmeterKeys(Properties source) {
    Map<String, String> map = new HashMap<>();
    for (String name : source.stringPropertyNames()) {
      if (name.startsWith("flowmeter.")) {
        map.put(name, source.getProperty(name));
      }
    }
    return map;
  }
}
