// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.sink.SinkProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Warns once about each {@code flowmeter.*} key (system property or configuration file) and each
 * {@code FLOWMETER_*} environment variable that nothing reads, naming the closest known key: a
 * misspelled key would otherwise be ignored without a word.
 *
 * <p>Known keys: those of {@link ConfigKeys}, and {@code flowmeter.sink.<name>.<key>} for every
 * sink provider's kind and every configured instance, where {@code <key>} is one of the options its
 * provider declares ({@link SinkProvider#options()}); a provider that declares none has all its
 * keys accepted.
 */
final class UnknownKeys {
  private final Set<String> keys = new HashSet<>();
  private final List<String> prefixes = new ArrayList<>();

  private UnknownKeys() {}

  /** Whether a sink's option may be set, so the providers must be loaded to check the keys. */
  static boolean hasSinkOptions(Config config) {
    return anyStarts(config.propertyKeys(), ConfigKeys.SINK_PREFIX)
        || anyStarts(config.fileKeys(), ConfigKeys.SINK_PREFIX)
        || anyStarts(config.environmentNames(), Config.environmentName(ConfigKeys.SINK_PREFIX));
  }

  // a loop, not a stream: run when the tracker is made, where a cold JVM pays for each new stream
  // pipeline and lambda (the agent makes the tracker at start-up)
  private static boolean anyStarts(Set<String> names, String prefix) {
    for (String name : names) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The most unknown keys named one by one; the rest are said in one line. */
  static final int MAX_WARNINGS = 20;

  private int warned;

  /** Says once, for each unknown key of {@code config}, that it is unknown. */
  static void warn(
      Config config, List<Config.SinkSpec> specs, Map<String, SinkProvider> providers) {
    try {
      UnknownKeys known = new UnknownKeys();
      known.keys.addAll(ConfigKeys.fixed());
      for (Map.Entry<String, SinkProvider> e : providers.entrySet()) {
        known.addSink(e.getKey(), e.getValue());
      }
      for (Config.SinkSpec spec : specs) {
        known.addSink(spec.name, providers.get(spec.kind));
      }
      for (String key : new TreeSet<>(config.propertyKeys())) {
        known.check(key, "", false, "key");
      }
      String file = config.fileName();
      for (String key : new TreeSet<>(config.fileKeys())) {
        known.check(key, " in " + file, false, "key");
      }
      for (String name : new TreeSet<>(config.environmentNames())) {
        known.check(name, "", true, "environment variable");
      }
    } catch (RuntimeException | LinkageError e) {
      // a provider's options() with a bug: the warning is a courtesy, not worth failing for
      Diagnostics.debug("checking for unknown keys failed", e);
    }
  }

  private void addSink(String name, @Nullable SinkProvider provider) {
    Set<String> options = provider == null ? Set.of() : provider.options();
    if (options.isEmpty()) {
      prefixes.add(ConfigKeys.SINK_PREFIX + name + ".");
      return;
    }
    keys.add(ConfigKeys.sinkOption(name, ConfigKeys.SINK_INTERVAL));
    for (String option : options) {
      keys.add(ConfigKeys.sinkOption(name, option));
    }
  }

  /**
   * Warns about {@code key} unless it is known; {@code form} turns a known key into the form of
   * {@code key} (itself, or its environment variable's name).
   */
  /**
   * Says that {@code key} is unknown unless it is; an {@code environment} variable's name is
   * compared with the known keys' environment names.
   */
  private void check(String key, String where, boolean environment, String what) {
    for (String prefix : prefixes) {
      if (key.startsWith(form(environment, prefix))) {
        return;
      }
    }
    for (String known : keys) {
      if (form(environment, known).equals(key)) {
        return;
      }
    }
    if (++warned > MAX_WARNINGS) {
      if (warned == MAX_WARNINGS + 1) {
        Diagnostics.once(
            "unknown keys beyond " + MAX_WARNINGS,
            "more unknown keys than the first "
                + MAX_WARNINGS
                + " shown; the keys are listed in Flowmeter's README");
      }
      return; // a file of thousands of wrong keys costs no more than twenty
    }
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String known : new TreeSet<>(keys)) {
      String candidate = form(environment, known);
      int distance = distance(key, candidate);
      if (distance < best) {
        best = distance;
        closest = candidate;
      }
    }
    int tolerance = Math.max(2, (key.length() - "flowmeter.".length()) / 3);
    String hint =
        closest != null && best <= tolerance
            ? "did you mean " + closest + "?"
            : "no known key is like it; the keys are listed in Flowmeter's README";
    Diagnostics.once("unknown " + key, "unknown " + what + " " + key + where + " (" + hint + ")");
  }

  /** The Levenshtein distance: the fewest insertions, deletions and substitutions from a to b. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** {@code key}, or its environment variable's name. */
  private static String form(boolean environment, String key) {
    return environment ? Config.environmentName(key) : key;
  }
}
