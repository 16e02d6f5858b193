// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.agent.bootstrap.AgentSettings;
import dev.flowmeter.agent.bootstrap.FileIo;
import dev.flowmeter.agent.bootstrap.ReplayTransformer;
import dev.flowmeter.agent.instrumentation.Instrumentations;
import dev.flowmeter.agent.instrumentation.TypeInstrumentation;
import dev.flowmeter.internal.ConfigKeys;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.utility.dispatcher.JavaDispatcher;

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
   * see that the background installation has finished.
   */
  static final String STATE = ConfigKeys.AGENT_STATE;

  private AgentInstaller() {}

  /**
   * Installs the agent; {@code attached} when it was attached to a running JVM, {@code debug} (the
   * entry point read {@code flowmeter.agent.debug}) to list the classes instrumented.
   */
  public static void install(Instrumentation instrumentation, boolean attached, boolean debug)
      throws Exception {
    // Byte Buddy's own dispatchers as generated classes, not java.lang.reflect.Proxy: the JDK's
    // proxy generator computes stack map frames, and the few proxies Byte Buddy makes were enough
    // to
    // get that code compiled by C2 at start-up, which cost about 13 MiB of peak resident memory.
    // The key carries the relocated package name, so only this copy of Byte Buddy reads it; it is
    // removed again once Byte Buddy has read it.
    boolean generate = System.getProperty(JavaDispatcher.GENERATE_PROPERTY) == null;
    if (generate) {
      System.setProperty(JavaDispatcher.GENERATE_PROPERTY, "true");
    }
    try {
      installWithGeneratedDispatchers(instrumentation, debug);
    } finally {
      if (generate) {
        System.clearProperty(JavaDispatcher.GENERATE_PROPERTY);
      }
    }
  }

  private static void installWithGeneratedDispatchers(
      Instrumentation instrumentation, boolean debug) throws Exception {
    AgentConfig config = AgentConfig.load();
    ApplicationInstrumentation application = ApplicationInstrumentation.configure(config);
    createTracker(config.extensions);
    AgentSettings.configure(config.minBytes, config.delay.toNanos());
    AgentSettings.interruptsOnCancel(config.interruptsOnCancel);

    List<TypeInstrumentation> enabled = new ArrayList<>();
    for (TypeInstrumentation type : Instrumentations.all()) {
      if (config.enabled(type.group())) {
        enabled.add(type);
      }
    }
    if (enabled.isEmpty()) {
      application.install(instrumentation);
      System.setProperty(STATE, "installed");
      return;
    }
    // java.base must read the bootstrap class path's unnamed module to call the bridge
    Module bridge = FileIo.class.getModule();
    instrumentation.redefineModule(
        Object.class.getModule(), Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
    // and so must the platform modules whose classes are instrumented
    ModuleLayer.boot()
        .findModule("java.net.http")
        .ifPresent(
            m ->
                instrumentation.redefineModule(
                    m, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of()));
    instrument(instrumentation, enabled, config.interruptsOnCancel, debug);
    application.install(instrumentation);
    System.setProperty(STATE, "installed");
  }

  /**
   * Instruments the enabled classes: those already loaded are retransformed now; those not loaded
   * yet (the HTTP clients' classes, in a program that has not used them) are left to load when the
   * program needs them, and instrumented then, so that the agent neither loads nor decorates them
   * in a program that never uses them. With everything already loaded, only a {@link
   * ReplayTransformer} stays registered and the JVM keeps no reference to Byte Buddy's transformer.
   * With {@code interruptsOnCancel}, the methods that move data get the advice that makes them
   * throw once a user cancelled their transfer.
   */
  static void instrument(
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
      for (Class<?> type : loaded) {
        // one at a time: a class that fails leaves the others instrumented
        instrumentation.retransformClasses(type);
      }
    } finally {
      if (!deferred) {
        instrumentation.removeTransformer(transformer);
      }
    }
    for (Map.Entry<String, Throwable> e : transformer.failed().entrySet()) {
      HookTransformer.report(e.getKey(), e.getValue());
    }
    if (deferred) {
      // the transformer stays: it instruments the rest as they load, reports a failure then, and
      // decorates again on any later retransformation, as the replay transformer would
      transformer.reportFailuresAsTheyHappen();
    } else if (!transformer.made().isEmpty()) {
      instrumentation.addTransformer(new ReplayTransformer(transformer.made()), true);
    }
    if (debug) {
      for (String name : transformer.made().keySet()) {
        System.err.println("flowmeter-agent: instrumented " + name);
      }
    }
  }

  /**
   * Creates the JVM's tracker now, with the extensions' class loader as context class loader so
   * that their sinks are found, and so that a configuration error is reported before anything is
   * instrumented.
   */
  private static void createTracker(List<File> extensions) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ClassLoader loader = previous;
    if (!extensions.isEmpty()) {
      URL[] urls = new URL[extensions.size()];
      for (int i = 0; i < urls.length; i++) {
        urls[i] = extensions.get(i).toURI().toURL();
      }
      loader = new URLClassLoader("flowmeter-extensions", urls, ClassLoader.getSystemClassLoader());
    }
    thread.setContextClassLoader(loader);
    try {
      Flowmeter.transfers();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
