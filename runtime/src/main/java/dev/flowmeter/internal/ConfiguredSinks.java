// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.sink.SinkProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sinks a tracker runs for {@code flowmeter.sinks}, by name, each with what it was made from
 * ({@link Config#sinkIdentity}), so that applying a configuration again ({@link
 * dev.flowmeter.Flowmeter#configure()}) keeps what did not change and replaces only what did.
 *
 * <p>Sinks added in code ({@code Flowmeter.addSink}) are not among them and are never touched.
 *
 * <p>Thread-safety: {@link #apply} runs one at a time; the tracker's list of sinks changes in
 * single atomic steps, so an event is offered either to a sink or to its replacement, never lost
 * between.
 */
final class ConfiguredSinks {
  private final Map<String, Entry> byName = new HashMap<>(); // guarded by this

  /**
   * Makes {@code tracker}'s configured sinks those of {@code config}: a sink whose spec, options
   * and failure rules are unchanged and that runs is kept as it is (one still starting on its own
   * thread is waited for, at most {@code flowmeter.shutdown-timeout}, then kept if still starting);
   * one whose start failed, or that was switched or cut off, is started anew; one that changed is
   * replaced; one no longer configured is stopped (what waits for it is delivered, it is flushed
   * and closed). Then warns of unknown keys. Problems go to the configuration's problems.
   */
  synchronized void apply(Tracker tracker, Config config) {
    List<Config.SinkSpec> specs = config.sinks();
    Map<String, SinkProvider> providers = Sinks.providersFor(config, specs);
    Tracker.Settings settings = tracker.settings();
    // a sink still starting on its own thread is judged once its start ended (a bounded wait)
    long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
    for (Entry running : byName.values()) {
      running.dispatcher.awaitStarted(deadline);
    }
    Map<String, List<Object>> identities = new HashMap<>();
    List<Config.SinkSpec> toStart = new ArrayList<>();
    for (Config.SinkSpec spec : specs) {
      List<Object> identity = config.sinkIdentity(spec, settings);
      identities.put(spec.name, identity);
      Entry running = byName.get(spec.name);
      if (running == null || !running.identity.equals(identity) || running.dispatcher.isOff()) {
        toStart.add(spec);
      }
    }
    Map<String, SinkDispatcher> started = new HashMap<>();
    for (SinkDispatcher dispatcher :
        Sinks.create(config, toStart, providers, settings, tracker.view())) {
      started.put(dispatcher.name(), dispatcher);
    }
    Set<String> restarted = new HashSet<>();
    for (Config.SinkSpec spec : toStart) {
      restarted.add(spec.name);
    }
    List<SinkDispatcher> retired = new ArrayList<>();
    for (Iterator<Map.Entry<String, Entry>> it = byName.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry> entry = it.next();
      String name = entry.getKey();
      if (identities.containsKey(name) && !restarted.contains(name)) {
        continue; // kept
      }
      SinkDispatcher old = entry.getValue().dispatcher;
      SinkDispatcher replacement = started.remove(name);
      if (replacement != null) {
        tracker.sinks().replaceAll(d -> d == old ? replacement : d);
        entry.setValue(new Entry(identities.get(name), replacement));
      } else {
        tracker.sinks().remove(old);
        it.remove();
      }
      retired.add(old);
    }
    for (Config.SinkSpec spec : toStart) {
      SinkDispatcher dispatcher = started.get(spec.name);
      if (dispatcher != null) {
        tracker.addSink(dispatcher);
        byName.put(spec.name, new Entry(identities.get(spec.name), dispatcher));
      }
    }
    stop(retired, settings);
    UnknownKeys.warn(config, specs, providers);
  }

  /** Stops {@code retired}, waiting at most {@code flowmeter.shutdown-timeout} for them all. */
  private static void stop(List<SinkDispatcher> retired, Tracker.Settings settings) {
    for (SinkDispatcher dispatcher : retired) {
      dispatcher.requestStop();
    }
    long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
    for (SinkDispatcher dispatcher : retired) {
      dispatcher.awaitStopped(deadline);
    }
  }

  /** A configured sink and what it was made from. */
  private static final class Entry {
    final List<Object> identity;
    final SinkDispatcher dispatcher;

    Entry(List<Object> identity, SinkDispatcher dispatcher) {
      this.identity = identity;
      this.dispatcher = dispatcher;
    }
  }
}
