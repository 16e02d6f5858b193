// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether the OpenTelemetry Java agent is attached to this JVM, before this agent or after it: its
 * bootstrap classes are there (it ran first), or a {@code -javaagent} of the JVM's arguments names
 * a jar whose {@code Premain-Class} is its entry point (it runs next), whatever the jar's name.
 *
 * <p>Asked only when {@code flowmeter.sinks} names an {@code otel} sink: reading the JVM's
 * arguments loads its management classes, a cost no other program pays.
 */
final class OtelJavaAgent {
  /** The OpenTelemetry Java agent's entry point, as its jar's manifest names it. */
  static final String PREMAIN_CLASS = "io.opentelemetry.javaagent.OpenTelemetryAgent";

  /** A class the OpenTelemetry Java agent puts on the bootstrap class path when it starts. */
  static final String BOOTSTRAP_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

  private OtelJavaAgent() {}

  static boolean attached() {
    try {
      Class.forName(BOOTSTRAP_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException notYet) {
      // not started (yet): look for it in the arguments
    }
    List<String> arguments;
    try {
      arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (RuntimeException | LinkageError e) {
      return false; // a JVM without java.management: the otel sink starts its own SDK
    }
    for (String argument : arguments) {
      if (argument.startsWith("-javaagent:") && isOtelJavaAgent(jarPath(argument))) {
        return true;
      }
    }
    return false;
  }

  /** The jar of {@code -javaagent:<jar>[=<options>]}. */
  static String jarPath(String argument) {
    String value = argument.substring("-javaagent:".length());
    int options = value.indexOf('=');
    return options < 0 ? value : value.substring(0, options);
  }

  static boolean isOtelJavaAgent(String jar) {
    try (JarFile file = new JarFile(jar, false)) {
      Manifest manifest = file.getManifest();
      return manifest != null
          && PREMAIN_CLASS.equals(manifest.getMainAttributes().getValue("Premain-Class"));
    } catch (IOException | SecurityException e) {
      return false; // not a jar this JVM could have started either
    }
  }
}
