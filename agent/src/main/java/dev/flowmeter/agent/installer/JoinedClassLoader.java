// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * The class loader the tracker is made with when more than one of {@code flowmeter.extensions} and
 * the agent's bundles ({@link Bundle}) are in use: it finds what its first loader finds (its
 * parent), then what the second finds, so that {@link java.util.ServiceLoader} lists the sinks of
 * both, the first's first. Each class is still defined by its own loader, with its own parent: a
 * bundle stays out of sight of the application, of the extensions and of the other bundles.
 * Thread-safe (parallel capable).
 */
final class JoinedClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final ClassLoader second;

  JoinedClassLoader(ClassLoader first, ClassLoader second) {
    super("flowmeter-sinks", first);
    this.second = second;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    return second.loadClass(name);
  }

  @Override
  protected URL findResource(String name) {
    return second.getResource(name);
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return second.getResources(name);
  }
}
