// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ConfigException;
import dev.flowmeter.console.ConsoleSinkProvider;
import dev.flowmeter.console.Terminal;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import dev.flowmeter.sinks.CsvSinkProvider;
import dev.flowmeter.sinks.JsonSinkProvider;
import dev.flowmeter.sinks.JsonlSinkProvider;
import dev.flowmeter.sinks.LogSinkProvider;
import dev.flowmeter.sinks.jfr.JfrSinkProvider;
import dev.flowmeter.sinks.jmx.JmxSinkProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Creates the sinks named by {@code flowmeter.sinks}, each behind its own dispatcher.
 *
 * <p>Fail-open: an unknown sink, a malformed interval, a provider that throws or cannot open its
 * file is handed to the configuration's {@link Config.Problems} (said once, or collected by {@code
 * validate}/{@code configure}) and skipped; every other sink is created.
 */
public final class Sinks {
  private Sinks() {}

  /** The sink providers that come with Flowmeter; see {@link SinkProvider#name()}. */
  private static final Set<Class<?>> builtIn =
      Set.of(
          ConsoleSinkProvider.class,
          CsvSinkProvider.class,
          JsonSinkProvider.class,
          JsonlSinkProvider.class,
          LogSinkProvider.class,
          JfrSinkProvider.class,
          JmxSinkProvider.class);

  /** A provider's name that can be written in {@code flowmeter.sinks}. */
  private static final Pattern USABLE_NAME = Pattern.compile("[^\\s,:=]+");

  /**
   * The providers visible to Flowmeter's class loader and the context class loader, by name; for a
   * name that several providers have, the one {@link #resolve} chooses.
   */
  static Map<String, SinkProvider> providers() {
    List<SinkProvider> found = new ArrayList<>();
    load(ServiceLoader.load(SinkProvider.class, Sinks.class.getClassLoader()), found);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != Sinks.class.getClassLoader()) {
      load(ServiceLoader.load(SinkProvider.class, context), found);
    }
    return resolve(found);
  }

  private static void load(ServiceLoader<SinkProvider> loader, List<SinkProvider> found) {
    var it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        skipped(e);
      }
    }
  }

  /**
   * {@code found} by name, whatever order the class path gave them in: for a name that several
   * providers have, a built-in provider wins, else the one whose class name sorts first, and that
   * is said once on standard error naming every class and the one used. A class found twice (the
   * same jar through two class loaders) is one provider. A provider whose name cannot be written in
   * {@code flowmeter.sinks} (blank, with {@code ,}, {@code :}, {@code =} or a blank, or {@code
   * none}) is said once and skipped; a name is matched without regard to case.
   */
  static Map<String, SinkProvider> resolve(List<SinkProvider> found) {
    Map<String, Map<String, SinkProvider>> byName = new TreeMap<>();
    for (SinkProvider provider : found) {
      String name;
      try {
        name = provider.name();
      } catch (RuntimeException | LinkageError e) {
        skipped(e);
        continue;
      }
      String className = provider.getClass().getName();
      if (name == null
          || !USABLE_NAME.matcher(name).matches()
          || name.equalsIgnoreCase(Config.NONE)) {
        String shown = name == null ? "null" : "'" + name + "'";
        Diagnostics.once(
            "provider name " + className + " " + shown,
            "the sink provider "
                + className
                + " is skipped: its name "
                + shown
                + " cannot be written in flowmeter.sinks (accepted: a name without blanks, ',', ':'"
                + " or '=', other than none)");
        continue;
      }
      byName
          .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new TreeMap<>())
          .putIfAbsent(className, provider);
    }
    Map<String, SinkProvider> chosen = new TreeMap<>();
    byName.forEach((name, byClass) -> chosen.put(name, choose(name, byClass)));
    return chosen;
  }

  /** The provider of {@code name} among {@code byClass} (sorted by class name); see resolve. */
  private static SinkProvider choose(String name, Map<String, SinkProvider> byClass) {
    SinkProvider chosen = null;
    for (SinkProvider provider : byClass.values()) {
      if (builtIn.contains(provider.getClass())) {
        chosen = provider;
      }
    }
    boolean isBuiltIn = chosen != null;
    if (chosen == null) {
      chosen = byClass.values().iterator().next();
    }
    if (byClass.size() > 1) {
      List<String> classes = new ArrayList<>(byClass.keySet());
      String last = classes.remove(classes.size() - 1);
      boolean two = classes.size() == 1;
      Diagnostics.once(
          "provider name " + name + " " + byClass.keySet(),
          "sink providers "
              + String.join(", ", classes)
              + " and "
              + last
              + (two ? " are both named '" : " are all named '")
              + name
              + "'; "
              + chosen.getClass().getName()
              + (isBuiltIn ? ", Flowmeter's own, is used" : ", the first by class name, is used")
              + (two
                  ? " (give the other a name of its own)"
                  : " (give the others names of their own)"));
    }
    return chosen;
  }

  private static void skipped(Throwable e) {
    Diagnostics.once(
        "provider " + e,
        "a sink provider cannot be loaded and is skipped (" + Diagnostics.describe(e) + ")",
        e);
  }

  /** Creates every sink of the configuration that can be created; see the class comment. */
  static List<SinkDispatcher> create(
      Config config,
      Tracker.Settings settings,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Clock clock) {
    List<Config.SinkSpec> specs = config.sinks();
    return create(
        config,
        specs,
        providersFor(config, specs),
        settings,
        out,
        err,
        terminal,
        clock,
        LiveTransfers.none());
  }

  /**
   * The providers, loaded only when a sink is configured or a sink option is set (the unknown-key
   * check needs their options).
   */
  static Map<String, SinkProvider> providersFor(Config config, List<Config.SinkSpec> specs) {
    return specs.isEmpty() && !UnknownKeys.hasSinkOptions(config) ? Map.of() : providers();
  }

  /**
   * Creates the sinks of {@code specs}, writing to the process's standard streams and seeing {@code
   * transfers} through their context.
   */
  static List<SinkDispatcher> create(
      Config config,
      List<Config.SinkSpec> specs,
      Map<String, SinkProvider> providers,
      Tracker.Settings settings,
      LiveTransfers transfers) {
    return create(
        config,
        specs,
        providers,
        settings,
        System.out,
        System.err,
        Terminal.isInteractive(),
        Clock.systemUTC(),
        transfers);
  }

  static List<SinkDispatcher> create(
      Config config,
      List<Config.SinkSpec> specs,
      Map<String, SinkProvider> providers,
      Tracker.Settings settings,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Clock clock,
      LiveTransfers transfers) {
    List<SinkDispatcher> created = new ArrayList<>();
    for (Config.SinkSpec spec : specs) {
      SinkProvider provider = provider(config, spec, providers);
      if (provider == null) {
        continue;
      }
      SinkContext context =
          SinkContext.builder(spec.name)
              .kind(spec.kind)
              .argument(spec.argument)
              .lookup(config::get)
              .out(out)
              .err(err)
              .terminal(out == System.out ? Terminal.isStdoutInteractive() : terminal, terminal)
              .clock(clock)
              .transfers(transfers)
              .onBadOption(config.problems()::report)
              .build();
      Duration interval = interval(config, provider, context);
      long stall = settings.stallTimeout.toNanos();
      if (!config.problems().waitsForSinks()) {
        // started on the sink's own thread: a start that blocks delays nobody, and events
        // offered meanwhile wait for it
        created.add(
            new SinkDispatcher(
                spec.name,
                () -> start(config, spec, provider, context),
                interval.toNanos(),
                settings.sinkFailures,
                stall,
                settings.sinkBacklog));
        continue;
      }
      ProgressSink sink = start(config, spec, provider, context);
      if (sink != null) {
        created.add(
            new SinkDispatcher(
                spec.name,
                sink,
                interval.toNanos(),
                settings.sinkFailures,
                stall,
                settings.sinkBacklog));
      }
    }
    return created;
  }

  /**
   * Checks the sinks as {@link #create} would, without creating any: the specs are well-formed, the
   * kinds exist and the intervals are valid; then warns about unknown keys. What only a provider
   * checks, in its {@code create}, is left to it.
   */
  public static void check(Config config) {
    List<Config.SinkSpec> specs = config.sinks();
    Map<String, SinkProvider> providers = providers();
    for (Config.SinkSpec spec : specs) {
      SinkProvider provider = provider(config, spec, providers);
      if (provider != null) {
        SinkContext context =
            SinkContext.builder(spec.name)
                .kind(spec.kind)
                .lookup(config::get)
                .onBadOption(config.problems()::report)
                .build();
        interval(config, provider, context);
      }
    }
    UnknownKeys.warn(config, specs, providers);
  }

  private static @Nullable SinkProvider provider(
      Config config, Config.SinkSpec spec, Map<String, SinkProvider> providers) {
    SinkProvider provider = providers.get(spec.kind);
    if (provider == null) {
      config
          .problems()
          .report(
              new ConfigException(
                  Config.SINKS,
                  config.get(Config.SINKS, ""),
                  "names an unknown sink '"
                      + spec.kind
                      + "' (accepted: "
                      + String.join(", ", providers.keySet())
                      + ", or a sink of your own registered for java.util.ServiceLoader)"),
              "Flowmeter runs without it");
    }
    return provider;
  }

  /** The sink's interval, from 1 ms to 1 h; its provider's default when unset or malformed. */
  private static Duration interval(Config config, SinkProvider provider, SinkContext context) {
    Duration fallback = Duration.ofSeconds(1);
    try {
      fallback = provider.defaultInterval();
      if (fallback.compareTo(ConfigKeys.MIN_INTERVAL) < 0) {
        fallback = ConfigKeys.MIN_INTERVAL; // a provider's own default spins no more than ours
      }
      return context.durationOption(
          ConfigKeys.SINK_INTERVAL, fallback, ConfigKeys.MIN_INTERVAL, ConfigKeys.MAX_INTERVAL);
    } catch (ConfigException e) {
      config.problems().report(e, "using " + Values.format(fallback));
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.debug("sink provider's defaultInterval() failed", e);
    }
    return fallback;
  }

  /** The sink, or {@code null} when its provider cannot create it (reported). */
  private static @Nullable ProgressSink start(
      Config config, Config.SinkSpec spec, SinkProvider provider, SinkContext context) {
    String problem;
    @Nullable Throwable cause;
    try {
      ProgressSink sink = provider.create(context);
      if (sink != null) {
        return sink;
      }
      problem = "failed to start (its provider " + provider.getClass().getName() + " made no sink)";
      cause = null;
    } catch (ConfigException e) {
      config.problems().report(e, "Flowmeter runs without the sink '" + spec.name + "'");
      return null;
    } catch (IOException e) {
      problem = "cannot be opened (" + Diagnostics.describe(e) + ")";
      cause = e;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      // a sink of the user's own with a bug: name it, and run on without it
      problem = "failed to start (" + e.getClass().getName() + ": " + UserCode.message(e) + ")";
      cause = e;
    }
    config
        .problems()
        .report(
            new ConfigException(Config.SINKS, spec.toString(), problem, cause),
            "Flowmeter runs without it");
    return null;
  }
}
