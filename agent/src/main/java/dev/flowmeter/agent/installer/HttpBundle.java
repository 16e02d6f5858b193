// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.sink.SinkProvider;
import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * The {@code http} sink the agent carries: {@code flowmeter-http} with its server (Undertow, XNIO
 * and their libraries, relocated under {@code dev.flowmeter.agent.shaded.http}), stored under
 * {@code inst/http/} in the agent jar and read only when {@code flowmeter.sinks} names an {@code
 * http} sink ({@code http:8080}, {@code dash=http:0}); otherwise not one byte of it is read.
 *
 * <p>Its own class loader ({@link BundleClassLoader}) keeps it apart both ways: the application
 * never sees these classes, and the bundle never sees the application's (its own Undertow, its
 * logging library).
 */
final class HttpBundle {
  private static final String FOLDER = "inst/http/";

  private HttpBundle() {}

  /**
   * The class loader to make the tracker with: one that finds the bundle's sink beside those of
   * {@code extensions} (the extensions' loader, or {@code null} when there are none), or {@code
   * extensions} itself when this agent has no bundle (its classes are not in an agent jar, as in
   * the agent's own unit tests): the runtime then says that it knows no sink {@code http}, as for
   * any sink it cannot find.
   *
   * <p>Only this class knows the bundle's loaders, so that the JVM, verifying the agent's other
   * classes, never loads them in a program that does not use the http sink.
   */
  static @Nullable ClassLoader withBundle(@Nullable ClassLoader extensions) throws IOException {
    ClassLoader bundle = loader();
    if (bundle == null) {
      return extensions;
    }
    return extensions == null ? bundle : new JoinedClassLoader(extensions, bundle);
  }

  private static @Nullable ClassLoader loader() throws IOException {
    String self = HttpBundle.class.getName().replace('.', '/') + ".class";
    URL url = HttpBundle.class.getClassLoader().getResource(self);
    if (url == null || !"jar".equals(url.getProtocol())) {
      return null;
    }
    URLConnection connection = url.openConnection(); // names the jar; opens nothing yet
    URL jarUrl = ((JarURLConnection) connection).getJarFileURL();
    JarFile jar;
    try {
      jar = new JarFile(new File(jarUrl.toURI()));
    } catch (URISyntaxException e) {
      throw new IOException("cannot read the agent jar " + jarUrl, e);
    }
    if (jar.getEntry(FOLDER + "META-INF/services/" + SinkProvider.class.getName()) == null) {
      jar.close();
      return null;
    }
    return new BundleClassLoader(
        "flowmeter-http", jar, "jar:" + jarUrl.toExternalForm() + "!/", FOLDER);
  }
}
