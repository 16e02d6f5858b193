// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.Config;
import dev.flowmeter.internal.ConfigFile;
import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Values;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's own keys, read like every {@code flowmeter.*} key: system property, then {@code
 * FLOWMETER_*} environment variable, then the file named by {@code flowmeter.config}, then the
 * default.
 *
 * <p>Immutable once loaded; a malformed value is a {@link ConfigException} naming key, value and
 * what is accepted, except where the agent can run on as the library does: a {@code
 * flowmeter.config} that names no readable file (a directory, a FIFO), a malformed {@code
 * flowmeter.agent.cancel} and a malformed {@code flowmeter.instrumentation.<group>.enabled} are
 * said in one line, and the agent runs on without the file, or with the default. The entry point
 * reads {@code flowmeter.agent.wait} and {@code flowmeter.agent.debug} itself, before this runs.
 */
final class AgentConfig {
  // the keys are listed once, in ConfigKeys, which the unknown-key warning and the README share
  static final String MIN_BYTES = ConfigKeys.AGENT_MIN_BYTES;
  static final String DELAY = ConfigKeys.AGENT_DELAY;
  static final String EXTENSIONS = ConfigKeys.EXTENSIONS;
  static final String CANCEL = ConfigKeys.AGENT_CANCEL;

  static final Set<String> GROUPS = ConfigKeys.INSTRUMENTATION_GROUPS;

  /** The sinks the agent carries in bundles of their own ({@link Bundle}). */
  static final Set<String> BUNDLED = Set.of("http", "otel", "prometheus");

  final long minBytes;
  final Duration delay;
  final List<File> extensions;
  // the bundled sinks flowmeter.sinks names (http, otel, prometheus): loaded, the rest never read
  final List<Bundle> bundles;
  // flowmeter.agent.cancel=interrupt: a user's cancel makes the JDK stream's next read throw
  final boolean interruptsOnCancel;
  private final Map<String, String> file;

  private AgentConfig(Map<String, String> file) {
    this.file = file;
    String min = get(MIN_BYTES);
    this.minBytes = min == null ? 1L << 20 : Values.bytes(MIN_BYTES, min);
    String delayValue = get(DELAY);
    this.delay =
        delayValue == null
            ? Duration.ofSeconds(1)
            : Values.duration(DELAY, delayValue, Duration.ZERO, Duration.ofHours(1));
    this.extensions = extensions(get(EXTENSIONS));
    String sinks = get(ConfigKeys.SINKS);
    Set<String> kinds = sinks == null ? Set.of() : Config.kindsNamed(sinks);
    // Bundle is loaded only for its sinks: verifying it loads the bundles' class loader
    this.bundles = Collections.disjoint(kinds, BUNDLED) ? List.of() : Bundle.forSinks(kinds);
    this.interruptsOnCancel = "interrupt".equals(cancelMode(get(CANCEL)));
    for (String group : GROUPS) {
      enabled(group); // malformed values fail now, not at the first transfer
    }
  }

  static AgentConfig load() {
    String config = lookup(ConfigKeys.CONFIG);
    return new AgentConfig(config == null || config.isBlank() ? Map.of() : file(config));
  }

  /**
   * The keys of the file at {@code path}; none when it cannot be read (missing, a directory, a
   * FIFO), said once in the line the runtime says for it (the same key, so said once in all).
   */
  private static Map<String, String> file(String path) {
    try {
      return ConfigFile.read(path);
    } catch (ConfigException e) {
      Diagnostics.once(
          "config " + e.getMessage(), e.getMessage() + "; the file is ignored", e.getCause());
      return Map.of();
    }
  }

  /**
   * The mode of {@code flowmeter.agent.cancel}, one of {@link ConfigKeys#AGENT_CANCEL_VALUES}; the
   * first (the default) when unset or malformed, the latter said once.
   */
  private static String cancelMode(String value) {
    List<String> accepted = ConfigKeys.AGENT_CANCEL_VALUES;
    if (value == null) {
      return accepted.get(0);
    }
    String mode = value.trim().toLowerCase(Locale.ROOT);
    if (accepted.contains(mode)) {
      return mode;
    }
    ConfigException e =
        new ConfigException(
            CANCEL, value, "is not a cancel mode (accepted: " + String.join(", ", accepted) + ")");
    Diagnostics.once("config " + e.getMessage(), e.getMessage() + "; using " + accepted.get(0));
    return accepted.get(0);
  }

  /**
   * Whether {@code flowmeter.instrumentation.<group>.enabled} is on; when unset or malformed (not
   * {@code true} or {@code false}), the default, on, the latter said once.
   */
  boolean enabled(String group) {
    String key = ConfigKeys.instrumentationEnabled(group);
    String value = get(key);
    if (value == null) {
      return true;
    }
    try {
      return Values.bool(key, value);
    } catch (ConfigException e) {
      Diagnostics.once("config " + e.getMessage(), e.getMessage() + "; using true");
      return true;
    }
  }

  /** The raw value of {@code key}, or null when it is not set. */
  String value(String key) {
    return get(key);
  }

  private String get(String key) {
    String value = lookup(key);
    return value != null ? value : file.get(key);
  }

  private static String lookup(String key) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value;
  }

  private static List<File> extensions(String value) {
    List<File> files = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return files;
    }
    for (String part : value.split(File.pathSeparator)) {
      if (part.isBlank()) {
        continue;
      }
      File f = new File(part.trim());
      if (!f.exists()) {
        throw new ConfigException(
            EXTENSIONS,
            value,
            "names a missing file '"
                + part.trim()
                + "' (accepted: a "
                + File.pathSeparator
                + "-separated list of jars and folders)");
      }
      if (f.isFile() && !isJar(f)) {
        throw new ConfigException(
            EXTENSIONS,
            value,
            "names '"
                + part.trim()
                + "', which is not a jar (accepted: a "
                + File.pathSeparator
                + "-separated list of jars and folders)");
      }
      files.add(f);
    }
    return files;
  }

  /**
   * Whether {@code file} starts as a jar does (a zip's local or end header); a class loader given
   * any other file would find nothing in it, and say nothing.
   */
  private static boolean isJar(File file) {
    try (InputStream in = new FileInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 'P'
          && magic[1] == 'K'
          && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
    } catch (IOException e) {
      return false;
    }
  }
}
