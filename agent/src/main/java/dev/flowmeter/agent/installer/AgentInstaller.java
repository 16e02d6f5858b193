// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.agent.bootstrap.AgentSettings;
import dev.flowmeter.agent.bootstrap.FileIo;
import dev.flowmeter.agent.instrumentation.Instrumentations;
import dev.flowmeter.agent.instrumentation.TypeInstrumentation;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.AgentBuilder.RedefinitionStrategy;

/**
 * Installs the agent, on its own daemon thread, inside the agent's class loader: reads the
 * configuration, creates the JVM's one tracker (so a bad sink is reported now), and installs the
 * instrumentations with Byte Buddy.
 *
 * <p>Any exception leaves this class: the entry point prints its one line and undoes the agent
 * arguments; nothing has been instrumented by then, since instrumenting is the last step.
 */
public final class AgentInstaller {
  /**
   * Set to {@code installed} once the instrumentation is in place: lets a program (and the tests)
   * see that the background installation has finished.
   */
  static final String STATE = "flowmeter.agent.state";

  private AgentInstaller() {}

  /** Installs the agent; {@code attached} when it was attached to a running JVM. */
  public static void install(Instrumentation instrumentation, boolean attached) throws Exception {
    AgentConfig config = AgentConfig.load();
    createTracker(config.extensions);
    AgentSettings.configure(config.minBytes, config.delay.toNanos());

    List<TypeInstrumentation> enabled = new ArrayList<>();
    for (TypeInstrumentation type : Instrumentations.all()) {
      if (config.enabled(type.group())) {
        enabled.add(type);
      }
    }
    if (enabled.isEmpty()) {
      System.setProperty(STATE, "installed");
      return;
    }
    // java.base must read the bootstrap class path's unnamed module to call the bridge
    Module bridge = FileIo.class.getModule();
    instrumentation.redefineModule(
        Object.class.getModule(), Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
    builder(enabled).installOn(instrumentation);
    System.setProperty(STATE, "installed");
  }

  static AgentBuilder builder(List<TypeInstrumentation> types) {
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    String[] names = new String[types.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = types.get(i).typeName();
    }
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new ErrorListener())
            // an explicit allow list: everything but the instrumented types is ignored
            .ignore(not(namedOneOf(names)));
    for (TypeInstrumentation type : types) {
      AgentBuilder.Transformer.ForAdvice[] advice = {
        new AgentBuilder.Transformer.ForAdvice().include(agentLoader)
      };
      type.adviceTo((methods, adviceClass) -> advice[0] = advice[0].advice(methods, adviceClass));
      builder = builder.type(named(type.typeName())).transform(advice[0]);
    }
    return builder;
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
