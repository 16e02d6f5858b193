// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Flowmeter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code flowmeter.*} configuration, read in this order (first wins): system property,
 * environment variable ({@code flowmeter.sinks} is {@code FLOWMETER_SINKS}: upper case, {@code .}
 * and {@code -} become {@code _}), the properties file named by {@code flowmeter.config}, built-in
 * defaults.
 *
 * <p>Fail-open: nothing here throws for what a user wrote. A value that cannot be used is handed to
 * the configuration's {@link Problems} (said once on standard error, or collected by {@link
 * Flowmeter#validate()}) and the default is used instead; a sink spec that cannot be used is
 * skipped; a configuration file that cannot be read is ignored.
 */
public final class Config {
  static final String SINKS = ConfigKeys.SINKS;
  static final String CONFIG = ConfigKeys.CONFIG;

  /** The value of {@code flowmeter.sinks} that means no sink. */
  static final String NONE = "none";

  /** How {@code flowmeter.sinks} is written, for messages. */
  static final String SPEC_FORM = "[name=]kind[:argument], comma-separated";

  private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final String ENVIRONMENT_PREFIX = "FLOWMETER_";

  /** Where the problems of a configuration go. */
  public interface Problems {
    /**
     * Takes one problem; {@code consequence} says what Flowmeter does instead ("using 1s", "the
     * sink is skipped"), for the line the user reads.
     */
    void report(ConfigException problem, String consequence);

    /**
     * Whether sinks are started before the tracker is handed out, so that their problems are here
     * ({@link Flowmeter#configure()}); otherwise each sink starts on its own thread, so a sink
     * whose start blocks (a FIFO with no reader) delays nobody.
     */
    default boolean waitsForSinks() {
      return false;
    }

    /** Each problem once on standard error, one line, followed by its consequence. */
    static Problems reported() {
      return new Problems() {
        @Override
        public void report(ConfigException problem, String consequence) {
          Diagnostics.once(
              "config " + problem.getMessage(),
              problem.getMessage() + "; " + consequence,
              problem.getCause());
        }
      };
    }

    /** Each problem added to {@code problems}, for {@link Flowmeter#validate()}. */
    static Problems into(List<ConfigException> problems) {
      return new Problems() {
        @Override
        public void report(ConfigException problem, String consequence) {
          problems.add(problem);
        }

        @Override
        public boolean waitsForSinks() {
          return true;
        }
      };
    }
  }

  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final Map<String, String> file;
  private final @Nullable String fileName;
  private final Problems problems;

  /** A configuration of these sources, its problems said once on standard error. */
  Config(
      Map<String, String> properties, Map<String, String> environment, Map<String, String> file) {
    this(properties, environment, file, null, Problems.reported());
  }

  private Config(
      Map<String, String> properties,
      Map<String, String> environment,
      Map<String, String> file,
      @Nullable String fileName,
      Problems problems) {
    this.properties = Map.copyOf(properties);
    this.environment = Map.copyOf(environment);
    this.file = Map.copyOf(file);
    this.fileName = fileName;
    this.problems = problems;
  }

  /** The configuration of this process, its problems said once on standard error. */
  public static Config fromSystem() {
    return fromSystem(Problems.reported());
  }

  /** The configuration of this process: system properties, environment, and the file they name. */
  public static Config fromSystem(Problems problems) {
    return load(ConfigFile.flowmeterKeys(System.getProperties()), System.getenv(), problems);
  }

  /** The configuration from these sources, its problems said once on standard error. */
  public static Config load(Map<String, String> properties, Map<String, String> environment) {
    return load(properties, environment, Problems.reported());
  }

  /**
   * The configuration from these sources, loading the file named by {@code flowmeter.config}. Only
   * the {@code FLOWMETER_*} variables of {@code environment} are kept.
   */
  public static Config load(
      Map<String, String> properties, Map<String, String> environment, Problems problems) {
    Map<String, String> flowmeterEnvironment = new HashMap<>();
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getKey().startsWith(ENVIRONMENT_PREFIX)) {
        flowmeterEnvironment.put(e.getKey(), e.getValue());
      }
    }
    Config withoutFile = new Config(properties, flowmeterEnvironment, Map.of(), null, problems);
    String path = withoutFile.get(CONFIG);
    if (path == null || path.isBlank()) {
      return withoutFile;
    }
    Map<String, String> file = readFile(path, problems);
    return new Config(properties, flowmeterEnvironment, file, path.trim(), problems);
  }

  /** The keys of the file at {@code path}; none, reported, when it cannot be read. */
  private static Map<String, String> readFile(String path, Problems problems) {
    try {
      return ConfigFile.read(path);
    } catch (ConfigException e) {
      problems.report(e, "the file is ignored");
      return Map.of();
    }
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

  /** Where this configuration's problems go. */
  Problems problems() {
    return problems;
  }

  /** The {@code flowmeter.*} system properties (or what stands for them in a test). */
  Set<String> propertyKeys() {
    return properties.keySet();
  }

  /** The {@code FLOWMETER_*} environment variables. */
  Set<String> environmentNames() {
    return environment.keySet();
  }

  /** The {@code flowmeter.*} keys of the configuration file. */
  Set<String> fileKeys() {
    return file.keySet();
  }

  /** The configuration file as named by {@code flowmeter.config}, or {@code null}. */
  @Nullable String fileName() {
    return fileName;
  }

  // No lambda for the parsers below: each is read when the tracker is made, where a lambda's first
  // call costs a cold JVM a class spun at run time (the agent makes the tracker at start-up).

  /** Duration {@code key} from {@code min} to {@code max}; the default when unset or malformed. */
  Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    String value = get(key);
    try {
      return value == null ? defaultValue : Values.duration(key, value, min, max);
    } catch (ConfigException e) {
      return fallback(e, defaultValue, Values.format(defaultValue));
    }
  }

  /** Decimal {@code key} from {@code min} to {@code max}; the default when unset or malformed. */
  double decimal(String key, double defaultValue, double min, double max) {
    String value = get(key);
    try {
      return value == null ? defaultValue : Values.decimal(key, value, min, max);
    } catch (ConfigException e) {
      return fallback(e, defaultValue, String.valueOf(defaultValue));
    }
  }

  /**
   * Whole number {@code key} from {@code min} to {@code max}; the default when unset or malformed.
   */
  long integer(String key, long defaultValue, long min, long max) {
    String value = get(key);
    try {
      return value == null ? defaultValue : Values.integer(key, value, min, max);
    } catch (ConfigException e) {
      return fallback(e, defaultValue, String.valueOf(defaultValue));
    }
  }

  /** Reports the malformed value {@code e} says and returns {@code defaultValue}, shown so. */
  private <T> T fallback(ConfigException e, T defaultValue, String shown) {
    problems.report(e, "using " + shown);
    return defaultValue;
  }

  /**
   * The sink specs of {@code flowmeter.sinks}: a comma-separated list of {@code
   * [name=]kind[:argument]}, split on the first {@code :} only, so a {@code =} counts only before
   * it.
   *
   * <p>{@code none} alone (any case), an empty value or one of blanks only means no sink. What
   * cannot be used is reported and skipped, the other entries kept: empty entries ({@code
   * csv,,jsonl}, a trailing comma; one problem for all of them), {@code none} beside other sinks or
   * with a name or argument, an entry with no kind, a malformed name, a name already used.
   */
  List<SinkSpec> sinks() {
    String value = get(SINKS, "console");
    List<SinkSpec> specs = new ArrayList<>();
    if (value.isBlank()) {
      return specs;
    }
    String[] parts = value.split(",", -1);
    List<String> entries = new ArrayList<>();
    for (String part : parts) {
      if (!part.isBlank()) {
        entries.add(part.trim());
      }
    }
    int empty = parts.length - entries.size();
    if (empty > 0) {
      problems.report(
          new ConfigException(
              SINKS,
              value,
              (empty == 1 ? "has an empty entry" : "has " + empty + " empty entries")
                  + " (accepted: "
                  + SPEC_FORM
                  + ", with nothing between two commas or after the last; none for no sink)"),
          empty == 1 ? "it is skipped" : "they are skipped");
    }
    if (entries.size() == 1 && entries.get(0).equalsIgnoreCase(NONE)) {
      return specs;
    }
    Set<String> names = new HashSet<>();
    for (String spec : entries) {
      int colon = spec.indexOf(':');
      String head = colon < 0 ? spec : spec.substring(0, colon);
      String argument = colon < 0 ? null : spec.substring(colon + 1).trim();
      int equals = head.indexOf('=');
      String instance = equals < 0 ? null : head.substring(0, equals).trim();
      String kind = kindOf(spec);
      String problem;
      if (kind.equals(NONE)) {
        problem =
            "has '"
                + spec
                + (entries.size() > 1 ? "' beside other sinks" : "'")
                + " (accepted: none alone, with no name or argument, for no sink; or a list of"
                + " sinks without it)";
      } else if (kind.isEmpty()) {
        problem = "has a sink spec with no kind: '" + spec + "' (accepted: " + SPEC_FORM + ")";
      } else if (instance != null && !INSTANCE_NAME.matcher(instance).matches()) {
        problem =
            "names a sink '"
                + instance
                + "' (accepted: a name of letters, digits, '-' and '_', as in alerts="
                + kind
                + ":<argument>)";
      } else if (!names.add(instance != null ? instance : kind)) {
        problem =
            "has two sinks named '"
                + (instance != null ? instance : kind)
                + "' (accepted: a name of its own for each, as in first="
                + kind
                + ":<argument>,second="
                + kind
                + ":<argument>)";
      } else {
        specs.add(new SinkSpec(instance != null ? instance : kind, kind, argument));
        continue;
      }
      problems.report(new ConfigException(SINKS, value, problem), "'" + spec + "' is skipped");
    }
    warnSharedFiles(specs);
    return specs;
  }

  /**
   * The kinds (provider names, lower case) that a value of {@code flowmeter.sinks} names, read as
   * {@link #sinks} reads them, without a word about what it would report: lets the agent load a
   * sink it bundles only when it is named.
   */
  public static Set<String> kindsNamed(String value) {
    Set<String> kinds = new HashSet<>();
    for (String spec : value.split(",")) {
      kinds.add(kindOf(spec));
    }
    return kinds;
  }

  /** The kind of one sink spec, {@code [name=]kind[:argument]}: split on the first {@code :}. */
  private static String kindOf(String spec) {
    int colon = spec.indexOf(':');
    String head = colon < 0 ? spec : spec.substring(0, colon);
    int equals = head.indexOf('=');
    return (equals < 0 ? head : head.substring(equals + 1)).trim().toLowerCase(Locale.ROOT);
  }

  /** The built-in sinks whose argument is the file they write (through {@code SinkFiles.path}). */
  private static final Set<String> FILE_KINDS = Set.of("csv", "jsonl", "json");

  /**
   * Says once, in one line, when two or more built-in file sinks name the same file: each writes
   * every event there, so its rows come twice (or in two formats). A warning, not a problem: both
   * sinks still run, as configured. Limit: paths are compared as written, made absolute and
   * normalized; two spellings of one file through a link or a case-insensitive file system are not
   * seen.
   */
  private static void warnSharedFiles(List<SinkSpec> specs) {
    Map<Path, List<String>> byFile = new LinkedHashMap<>();
    for (SinkSpec spec : specs) {
      if (spec.argument != null && FILE_KINDS.contains(spec.kind)) {
        try {
          Path file = Paths.get(spec.argument).toAbsolutePath().normalize();
          byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(spec.name);
        } catch (InvalidPathException e) {
          // the sink itself reports an argument that is no path, when it starts
        }
      }
    }
    byFile.forEach(
        (file, names) -> {
          if (names.size() > 1) {
            Diagnostics.once(
                "sinks-same-file:" + file,
                "sinks '"
                    + String.join("', '", names)
                    + "' write the same file "
                    + file
                    + " ("
                    + SINKS
                    + "): it gets every event "
                    + names.size()
                    + " times; each sink still runs (give each a file of its own)");
          }
        });
  }

  /**
   * What the sink of {@code spec} is made from, beside the tracker's {@code settings}: its spec and
   * every source's value of every key under {@code flowmeter.sink.<name>.} and {@code
   * flowmeter.sink.<kind>.}. Two equal identities make the same sink, so {@link
   * Flowmeter#configure()} keeps a running sink whose identity has not changed.
   */
  List<Object> sinkIdentity(SinkSpec spec, Tracker.Settings settings) {
    List<String> prefixes =
        List.of(ConfigKeys.sinkOption(spec.name, ""), ConfigKeys.sinkOption(spec.kind, ""));
    Map<String, String> keys = new TreeMap<>();
    properties.forEach((k, v) -> putIfUnder(keys, "property " + k, k, v, prefixes));
    file.forEach((k, v) -> putIfUnder(keys, "file " + k, k, v, prefixes));
    List<String> environmentPrefixes =
        List.of(environmentName(prefixes.get(0)), environmentName(prefixes.get(1)));
    environment.forEach((k, v) -> putIfUnder(keys, "environment " + k, k, v, environmentPrefixes));
    return List.of(spec.toString(), settings.sinkFailures, settings.stallTimeout, keys);
  }

  private static void putIfUnder(
      Map<String, String> keys, String label, String key, String value, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (key.startsWith(prefix)) {
        keys.put(label, value);
        return;
      }
    }
  }

  /**
   * Reads every key the runtime reads, as the first transfer would, handing what cannot be used to
   * this configuration's problems: the settings, the sink specs, each sink's kind and interval,
   * then the unknown-key warnings. Starts nothing; what only a sink's provider checks is left to
   * it. {@link Flowmeter#validate()}, {@link Flowmeter#configure()} and the first transfer all read
   * the configuration through the same methods, so they find the same problems.
   */
  public void validate() {
    Tracker.Settings.from(this);
    Sinks.check(this);
  }

  /** One entry of {@code flowmeter.sinks}. */
  static final class SinkSpec {
    /** The instance's name: as written before {@code =}, else the kind. */
    final String name;

    /** The provider's name, as in {@link dev.flowmeter.sink.SinkProvider#name()}. */
    final String kind;

    final @Nullable String argument;

    SinkSpec(String name, String kind, @Nullable String argument) {
      this.name = name;
      this.kind = kind;
      this.argument = argument;
    }

    @Override
    public String toString() {
      String spec = name.equals(kind) ? kind : name + "=" + kind;
      return argument == null ? spec : spec + ":" + argument;
    }
  }
}
