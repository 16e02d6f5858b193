// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Defines the classes of a library bundled in the agent jar under a folder of its own ({@code
 * inst/http/}), where they are stored as {@code .classdata} and so are classes to no other class
 * loader: the application can neither load them nor find their services files.
 *
 * <p>Serves the bundle's other files (services files, version files) as resources, and reads the
 * newest of a multi-release library's {@code META-INF/versions/<n>/} copies that this JVM runs, as
 * a multi-release jar would be read. Its parent is the platform class loader: the bundle sees the
 * JDK and the runtime (on the bootstrap class path), never the application's classes, so a logging
 * library that looks for another on the class path finds none. Thread-safe (parallel capable).
 */
final class BundleClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String VERSIONS = "META-INF/versions/";

  private final JarFile jar;
  private final String prefix;
  private final String jarUrl;

  /** The {@code META-INF/versions/} folders this JVM may read, newest first. */
  private final List<String> versions;

  BundleClassLoader(String name, JarFile jar, String jarUrl, String prefix) {
    super(name, ClassLoader.getPlatformClassLoader());
    this.jar = jar;
    this.prefix = prefix;
    this.jarUrl = jarUrl;
    this.versions = versions(jar, prefix + VERSIONS);
  }

  private static List<String> versions(JarFile jar, String folder) {
    int feature = Runtime.version().feature();
    List<Integer> found = new ArrayList<>();
    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
      String entry = e.nextElement().getName();
      if (entry.startsWith(folder)) {
        int slash = entry.indexOf('/', folder.length());
        try {
          int version = Integer.parseInt(entry.substring(folder.length(), slash));
          if (version <= feature && !found.contains(version)) {
            found.add(version);
          }
        } catch (NumberFormatException | StringIndexOutOfBoundsException notAVersion) {
          // not a version folder: a multi-release jar reader skips it too
        }
      }
    }
    found.sort(Collections.reverseOrder());
    List<String> folders = new ArrayList<>();
    for (int version : found) {
      folders.add(folder + version + "/");
    }
    return folders;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    ZipEntry entry = entry(name.replace('.', '/') + ".class");
    byte[] bytes = entry == null ? null : read(entry);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  protected URL findResource(String name) {
    ZipEntry entry = entry(name);
    if (entry == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entry.getName());
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    ZipEntry entry = entry(name);
    byte[] bytes = entry == null ? null : read(entry);
    return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
  }

  /** The bundle's entry for the resource {@code name}: its newest version this JVM may read. */
  private ZipEntry entry(String name) {
    String stored =
        name.endsWith(".class")
            ? name.substring(0, name.length() - ".class".length()) + ".classdata"
            : name;
    for (String version : versions) {
      ZipEntry entry = jar.getEntry(version + stored);
      if (entry != null) {
        return entry;
      }
    }
    return jar.getEntry(prefix + stored);
  }

  private byte[] read(ZipEntry entry) {
    try (InputStream in = jar.getInputStream(entry)) {
      return in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }
}
