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
 * Defines the classes of the libraries bundled in the agent jar under folders of their own ({@code
 * inst/http/}, {@code inst/otel/}), where they are stored as {@code .classdata} and so are classes
 * to no other class loader: the application can neither load them nor find their services files.
 * Several folders make one class path, searched in their order, so that the classes of one see
 * those of the next (the otel folder's {@code GET /metrics} endpoint implements the http sink's
 * interface); their packages must not overlap.
 *
 * <p>Serves the bundle's other files (services files, version files) as resources, every folder's
 * copy of a services file, and reads the newest of a multi-release library's {@code
 * META-INF/versions/<n>/} copies that this JVM runs, as a multi-release jar would be read. Its
 * parent is the platform class loader: the bundle sees the JDK and the runtime (on the bootstrap
 * class path), never the application's classes, so a logging library that looks for another on the
 * class path finds none. Thread-safe (parallel capable).
 */
final class BundleClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String VERSIONS = "META-INF/versions/";

  private final JarFile jar;
  private final String jarUrl;

  /**
   * Per folder, where to look for an entry, in order: its {@code META-INF/versions/} folders this
   * JVM may read, newest first, then the folder itself.
   */
  private final List<List<String>> folders;

  BundleClassLoader(String name, JarFile jar, String jarUrl, List<String> prefixes) {
    super(name, ClassLoader.getPlatformClassLoader());
    this.jar = jar;
    this.jarUrl = jarUrl;
    List<List<String>> folders = new ArrayList<>();
    for (String prefix : prefixes) {
      List<String> lookups = versions(jar, prefix + VERSIONS);
      lookups.add(prefix);
      folders.add(lookups);
    }
    this.folders = folders;
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
    return entry == null ? null : url(entry);
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    List<URL> urls = new ArrayList<>();
    for (List<String> lookups : folders) {
      ZipEntry entry = entry(lookups, name);
      URL url = entry == null ? null : url(entry);
      if (url != null) {
        urls.add(url);
      }
    }
    return Collections.enumeration(urls);
  }

  private URL url(ZipEntry entry) {
    try {
      return new URL(jarUrl + entry.getName());
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    ZipEntry entry = entry(name);
    byte[] bytes = entry == null ? null : read(entry);
    return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
  }

  /** The bundle's entry for the resource {@code name}: the first folder's that has it. */
  private ZipEntry entry(String name) {
    for (List<String> lookups : folders) {
      ZipEntry entry = entry(lookups, name);
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  /** One folder's entry for {@code name}: its newest version this JVM may read. */
  private ZipEntry entry(List<String> lookups, String name) {
    String stored =
        name.endsWith(".class")
            ? name.substring(0, name.length() - ".class".length()) + ".classdata"
            : name;
    for (String lookup : lookups) {
      ZipEntry entry = jar.getEntry(lookup + stored);
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  private byte[] read(ZipEntry entry) {
    try (InputStream in = jar.getInputStream(entry)) {
      return in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }
}
