// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.internal.Values;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The {@code flowmeter.*} configuration, read in this order (first wins): system property,
 * environment variable ({@code flowmeter.sinks} is {@code FLOWMETER_SINKS}: upper case, {@code .}
 * and {@code -} become {@code _}), the properties file named by {@code flowmeter.config}, built-in
 * defaults.
 */
final class Config {
  static final String SINKS = "flowmeter.sinks";
  static final String CONFIG = "flowmeter.config";

  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final Map<String, String> file;

  Config(
      Map<String, String> properties, Map<String, String> environment, Map<String, String> file) {
    this.properties = Map.copyOf(properties);
    this.environment = Map.copyOf(environment);
    this.file = Map.copyOf(file);
  }

  /** The configuration of this process: system properties, environment, and the file they name. */
  static Config fromSystem() {
    return load(stringProperties(System.getProperties()), System.getenv());
  }

  /** The configuration from these sources, loading the file named by {@code flowmeter.config}. */
  static Config load(Map<String, String> properties, Map<String, String> environment) {
    Config withoutFile = new Config(properties, environment, Map.of());
    String path = withoutFile.get(CONFIG);
    if (path == null || path.isBlank()) {
      return withoutFile;
    }
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(Paths.get(path.trim()), StandardCharsets.UTF_8)) {
      loaded.load(reader);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          CONFIG,
          path,
          "cannot be read as a properties file ("
              + e.getClass().getSimpleName()
              + (e.getMessage() != null ? ": " + e.getMessage() : "")
              + ")",
          e);
    }
    return new Config(properties, environment, stringProperties(loaded));
  }

  /** The environment variable that holds {@code key}. */
  static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The value of {@code key} from the first source that has it, or {@code null}. */
  @Nullable String get(String key) {
    String value = properties.get(key);
    if (value == null) {
      value = environment.get(environmentName(key));
    }
    if (value == null) {
      value = file.get(key);
    }
    return value;
  }

  String get(String key, String defaultValue) {
    String value = get(key);
    return value != null ? value : defaultValue;
  }

  Duration duration(String key, Duration defaultValue) {
    String value = get(key);
    return value != null ? Values.duration(key, value) : defaultValue;
  }

  boolean bool(String key, boolean defaultValue) {
    String value = get(key);
    return value != null ? Values.bool(key, value) : defaultValue;
  }

  double decimal(String key, double defaultValue, double min, double max) {
    String value = get(key);
    return value != null ? Values.decimal(key, value, min, max) : defaultValue;
  }

  long integer(String key, long defaultValue, long min, long max) {
    String value = get(key);
    return value != null ? Values.integer(key, value, min, max) : defaultValue;
  }

  /**
   * The sink specs of {@code flowmeter.sinks}: a comma-separated list of {@code name[:argument]},
   * split on the first {@code :} only. {@code none} or an empty value means no sink.
   */
  List<SinkSpec> sinks() {
    String value = get(SINKS, "console");
    List<SinkSpec> specs = new ArrayList<>();
    if (value.isBlank() || value.trim().equalsIgnoreCase("none")) {
      return specs;
    }
    for (String part : value.split(",", -1)) {
      String spec = part.trim();
      if (spec.isEmpty()) {
        throw new ConfigException(
            SINKS, value, "has an empty sink spec (accepted: name[:argument],name[:argument],...)");
      }
      int colon = spec.indexOf(':');
      String name = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
      String argument = colon < 0 ? null : spec.substring(colon + 1).trim();
      if (name.isEmpty()) {
        throw new ConfigException(SINKS, value, "has a sink spec with no name: '" + spec + "'");
      }
      specs.add(new SinkSpec(name, argument));
    }
    return specs;
  }

  private static Map<String, String> stringProperties(Properties source) {
    Map<String, String> map = new HashMap<>();
    for (String name : source.stringPropertyNames()) {
      if (name.startsWith("flowmeter.")) {
        map.put(name, source.getProperty(name));
      }
    }
    return map;
  }

  /** One entry of {@code flowmeter.sinks}. */
  static final class SinkSpec {
    final String name;
    final @Nullable String argument;

    SinkSpec(String name, @Nullable String argument) {
      this.name = name;
      this.argument = argument;
    }

    @Override
    public String toString() {
      return argument == null ? name : name + ":" + argument;
    }
  }

  /** Reads a path-valued key; {@code null} when not set. */
  @Nullable Path path(String key) {
    String value = get(key);
    return value == null ? null : Paths.get(value);
  }
}
