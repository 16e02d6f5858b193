// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.internal.Terminal;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Creates the sinks named by {@code flowmeter.sinks}, each behind its own dispatcher. */
final class Sinks {
  private Sinks() {}

  /** The providers visible to Flowmeter's class loader and the context class loader, by name. */
  static Map<String, SinkProvider> providers() {
    Map<String, SinkProvider> byName = new TreeMap<>();
    load(ServiceLoader.load(SinkProvider.class, Sinks.class.getClassLoader()), byName);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != Sinks.class.getClassLoader()) {
      load(ServiceLoader.load(SinkProvider.class, context), byName);
    }
    return byName;
  }

  private static void load(ServiceLoader<SinkProvider> loader, Map<String, SinkProvider> byName) {
    var it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return;
        }
        SinkProvider provider = it.next();
        byName.putIfAbsent(provider.name(), provider);
      } catch (ServiceConfigurationError e) {
        System.getLogger("dev.flowmeter")
            .log(
                System.Logger.Level.WARNING, "Flowmeter skipped a sink provider it cannot load", e);
      }
    }
  }

  /**
   * Creates every sink of the configuration. Throws a {@link ConfigException} for an unknown name
   * or a sink that cannot be created, after closing the ones already created.
   */
  static List<SinkDispatcher> create(Config config, Tracker.Settings settings) {
    return create(config, settings, LiveTransfers.none());
  }

  /** As above, the sinks seeing {@code transfers} through their context. */
  static List<SinkDispatcher> create(
      Config config, Tracker.Settings settings, LiveTransfers transfers) {
    return create(
        config,
        settings,
        System.out,
        System.err,
        Terminal.isInteractive(),
        Clock.systemUTC(),
        transfers);
  }

  static List<SinkDispatcher> create(
      Config config,
      Tracker.Settings settings,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Clock clock) {
    return create(config, settings, out, err, terminal, clock, LiveTransfers.none());
  }

  static List<SinkDispatcher> create(
      Config config,
      Tracker.Settings settings,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Clock clock,
      LiveTransfers transfers) {
    List<Config.SinkSpec> specs = config.sinks();
    Map<String, SinkProvider> providers = specs.isEmpty() ? Map.of() : providers();
    List<SinkDispatcher> created = new ArrayList<>();
    try {
      for (Config.SinkSpec spec : specs) {
        SinkProvider provider = providers.get(spec.name);
        if (provider == null) {
          throw new ConfigException(
              Config.SINKS,
              config.get(Config.SINKS, ""),
              "names an unknown sink '"
                  + spec.name
                  + "' (accepted: "
                  + String.join(", ", providers.keySet())
                  + ", or a sink of your own registered for java.util.ServiceLoader)");
        }
        SinkContext context =
            SinkContext.builder(spec.name)
                .argument(spec.argument)
                .lookup(config::get)
                .out(out)
                .err(err)
                .terminal(terminal)
                .clock(clock)
                .transfers(transfers)
                .build();
        Duration interval = context.durationOption("interval", provider.defaultInterval());
        ProgressSink sink;
        try {
          sink = provider.create(context);
        } catch (IOException e) {
          throw new ConfigException(
              Config.SINKS,
              spec.toString(),
              "cannot be opened (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
              e);
        } catch (ConfigException e) {
          throw e;
        } catch (RuntimeException | LinkageError e) {
          // a sink of the user's own with a bug: name it rather than let a bare exception out
          throw new ConfigException(
              Config.SINKS,
              spec.toString(),
              "failed to start (" + e.getClass().getName() + ": " + e.getMessage() + ")",
              e);
        }
        created.add(
            new SinkDispatcher(
                spec.name,
                sink,
                interval.toNanos(),
                settings.sinkFailures,
                settings.stallTimeout.toNanos()));
      }
      return created;
    } catch (RuntimeException e) {
      for (SinkDispatcher dispatcher : created) {
        dispatcher.requestStop();
      }
      throw e;
    }
  }
}
