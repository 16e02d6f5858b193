// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The agent's own class loader: defines the classes stored under {@code inst/} in the agent jar
 * (relocated Byte Buddy, the installer and the instrumentations) as {@code .classdata}, which no
 * other class loader takes for classes.
 *
 * <p>Its parent is the bootstrap loader, so it sees the JDK, the runtime and the bridge (both on
 * the bootstrap class path) and nothing of the application; the application sees nothing of it. It
 * also serves the {@code .class} bytes of its classes as resources, which Byte Buddy reads to
 * inline advice. Thread-safe (parallel capable).
 */
final class AgentClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String PREFIX = "inst/";
  private static final String SUFFIX = ".classdata";

  private final JarFile jar;
  private final String jarUrl;

  AgentClassLoader(File jarFile) throws IOException {
    super("flowmeter-agent", null);
    this.jar = new JarFile(jarFile);
    this.jarUrl = "jar:" + jarFile.toURI() + "!/";
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = read(entryName(name.replace('.', '/') + ".class"));
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  protected URL findResource(String name) {
    String entry = entryName(name);
    if (entry == null || jar.getEntry(entry) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entry);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    byte[] bytes = read(entryName(name));
    return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
  }

  private static String entryName(String resource) {
    if (!resource.endsWith(".class")) {
      return null;
    }
    return PREFIX + resource.substring(0, resource.length() - ".class".length()) + SUFFIX;
  }

  private byte[] read(String entry) {
    if (entry == null) {
      return null;
    }
    ZipEntry zipEntry = jar.getEntry(entry);
    if (zipEntry == null) {
      return null;
    }
    try (InputStream in = jar.getInputStream(zipEntry)) {
      long size = zipEntry.getSize();
      if (size < 0 || size > Integer.MAX_VALUE) {
        return in.readAllBytes();
      }
      // exactly one array of the right size: readAllBytes() allocates and copies several
      byte[] bytes = new byte[(int) size];
      int read = in.readNBytes(bytes, 0, bytes.length);
      return read == bytes.length ? bytes : null;
    } catch (IOException e) {
      return null;
    }
  }
}
