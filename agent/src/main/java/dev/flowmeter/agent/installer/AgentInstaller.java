// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.agent.bootstrap.AgentSettings;
import dev.flowmeter.agent.bootstrap.FileIo;
import dev.flowmeter.agent.bootstrap.ReplayTransformer;
import dev.flowmeter.agent.instrumentation.Instrumentations;
import dev.flowmeter.agent.instrumentation.TypeInstrumentation;
import dev.flowmeter.internal.ConfigKeys;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Installs the agent, on its own daemon thread, inside the agent's class loader: reads the
 * configuration, creates the JVM's one tracker (so a bad sink is reported now), and inlines the
 * instrumentations' hooks into the JDK's classes ({@link HookTransformer}).
 *
 * <p>Any exception leaves this class: the entry point prints its one line and undoes the agent
 * arguments; nothing has been instrumented by then, since instrumenting is the last step.
 */
public final class AgentInstaller {
  /**
   * Set to {@code installed} once the instrumentation is in place: lets a program (and the tests)
   * see that the installation has finished (before main by default, in the background with {@code
   * flowmeter.agent.wait=false}).
   */
  static final String STATE = ConfigKeys.AGENT_STATE;

  private AgentInstaller() {}

  /**
   * Installs the agent; {@code attached} when it was attached to a running JVM, {@code debug} (the
   * entry point read {@code flowmeter.agent.debug}) to list the classes instrumented.
   */
  public static void install(Instrumentation instrumentation, boolean attached, boolean debug)
      throws Exception {
    AgentConfig config = AgentConfig.load();
    ApplicationInstrumentation application = ApplicationInstrumentation.configure(config);
    AgentSettings.configure(config.minBytes, config.delay.toNanos());
    AgentSettings.interruptsOnCancel(config.interruptsOnCancel);
    // the tracker is made on a thread of its own while this one writes the hooks, and main does not
    // wait for it: a hook that needs it (a stream worth showing) waits for it then. With extensions
    // or a bundled sink it is awaited, so that no other thread makes it without their sinks;
    // attached, it is awaited too, so that the attacher is told of its problems.
    TrackerStart tracker = TrackerStart.begin(config.extensions, config.bundles);
    List<TypeInstrumentation> enabled = new ArrayList<>();
    for (TypeInstrumentation type : Instrumentations.all()) {
      if (config.enabled(type.group())) {
        enabled.add(type);
      }
    }
    Installed hooks = Installed.NOTHING;
    try {
      if (!enabled.isEmpty()) {
        // java.base must read the bootstrap class path's unnamed module to call the bridge
        Module bridge = FileIo.class.getModule();
        instrumentation.redefineModule(
            Object.class.getModule(), Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
        // and so must the platform modules whose classes are instrumented
        Optional<Module> http = ModuleLayer.boot().findModule("java.net.http");
        if (http.isPresent()) { // no lambda: each costs a cold JVM a class made at run time
          instrumentation.redefineModule(
              http.get(), Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
        }
        FileIo.prepare();
        hooks = instrument(instrumentation, enabled, config.interruptsOnCancel, debug);
      }
    } catch (Throwable e) {
      tracker.awaitQuietly();
      throw e;
    }
    try {
      if (attached || !config.extensions.isEmpty() || !config.bundles.isEmpty()) {
        tracker.await();
      }
    } catch (Exception | Error e) {
      // a configuration error of the runtime (a bad sink): the agent is off, hooks and all
      hooks.undo(instrumentation);
      throw e;
    }
    application.install(instrumentation);
    System.setProperty(STATE, "installed");
  }

  /**
   * Instruments the enabled classes: those already loaded are retransformed now; those not loaded
   * yet (the HTTP clients' classes, in a program that has not used them) are left to load when the
   * program needs them, and instrumented then, so that the agent neither loads nor decorates them
   * in a program that never uses them. With everything already loaded, only a {@link
   * ReplayTransformer} stays registered and the JVM keeps no reference to the hook transformer.
   * With {@code interruptsOnCancel}, the methods that move data get the advice that makes them
   * throw once a user cancelled their transfer.
   */
  static Installed instrument(
      Instrumentation instrumentation,
      List<TypeInstrumentation> types,
      boolean interruptsOnCancel,
      boolean debug)
      throws Exception {
    Set<String> names = new HashSet<>();
    for (TypeInstrumentation type : types) {
      names.add(type.typeName());
    }
    HookTransformer transformer = new HookTransformer(types, interruptsOnCancel);
    // registered first, so that a class loading from now on is transformed as it loads
    instrumentation.addTransformer(transformer, true);
    Class<?>[] all = instrumentation.getAllLoadedClasses();
    if (all == null) {
      // what the JVM returns once it is shutting down: the program is done, there is nothing to do
      instrumentation.removeTransformer(transformer);
      throw new IllegalStateException("the JVM is exiting: no loaded classes to instrument");
    }
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> type : all) {
      ClassLoader loader = type.getClassLoader();
      if (names.contains(type.getName())
          && (loader == null || loader == ClassLoader.getPlatformClassLoader())) {
        loaded.add(type);
      }
    }
    boolean deferred = loaded.size() < names.size();
    try {
      retransform(instrumentation, loaded);
    } finally {
      if (!deferred) {
        instrumentation.removeTransformer(transformer);
      }
    }
    for (Map.Entry<String, Throwable> e : transformer.failed().entrySet()) {
      HookTransformer.report(e.getKey(), e.getValue());
    }
    ClassFileTransformer stays = transformer;
    if (deferred) {
      // the transformer stays: it instruments the rest as they load, reports a failure then, and
      // writes the hooks again on any later retransformation, as the replay transformer would
      transformer.reportFailuresAsTheyHappen();
    } else if (!transformer.made().isEmpty()) {
      stays = new ReplayTransformer(transformer.made());
      instrumentation.addTransformer(stays, true);
    }
    if (debug) {
      for (String name : transformer.made().keySet()) {
        System.err.println("flowmeter-agent: instrumented " + name);
      }
    }
    return new Installed(stays, loaded);
  }

  /** The transformer that stays registered, and the classes it changed when installed. */
  static final class Installed {
    static final Installed NOTHING = new Installed(null, List.of());

    private final ClassFileTransformer transformer;
    private final List<Class<?>> loaded;

    Installed(ClassFileTransformer transformer, List<Class<?>> loaded) {
      this.transformer = transformer;
      this.loaded = loaded;
    }

    /** Takes the hooks out again: the classes get back their own code. */
    void undo(Instrumentation instrumentation) {
      if (transformer == null) {
        return;
      }
      instrumentation.removeTransformer(transformer);
      try {
        retransform(instrumentation, loaded);
      } catch (Exception e) {
        // the bridge's every call is fail-open: hooks left in place cost, never break
      }
    }
  }

  /**
   * Retransforms {@code loaded} in one operation of the JVM (each operation stops every thread for
   * a moment: one for all is several times quicker than one per class); should the JVM refuse one
   * of them, one at a time, so that a class that fails leaves the others instrumented.
   */
  private static void retransform(Instrumentation instrumentation, List<Class<?>> loaded)
      throws Exception {
    if (loaded.isEmpty()) {
      return;
    }
    try {
      instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
    } catch (Exception | LinkageError e) {
      for (Class<?> type : loaded) {
        try {
          instrumentation.retransformClasses(type);
        } catch (Exception | LinkageError refused) {
          HookTransformer.report(type.getName(), refused);
        }
      }
    }
  }
}
