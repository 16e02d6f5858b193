// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.sink.SinkProvider;
import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * Sinks the agent carries with their libraries, each stored under a folder of the agent jar and
 * read only when {@code flowmeter.sinks} names one of its sinks; otherwise not one byte of it is
 * read:
 *
 * <ul>
 *   <li>{@code inst/http/}: the {@code http} sink and its server (Undertow, XNIO and their
 *       libraries, relocated under {@code dev.flowmeter.agent.shaded.http});
 *   <li>{@code inst/otel/}: the {@code otel} and {@code prometheus} sinks, the OpenTelemetry SDK,
 *       its exporters and Prometheus's libraries (relocated under {@code
 *       dev.flowmeter.agent.shaded.otel}); also read for an {@code http} sink, whose {@code GET
 *       /metrics} it serves;
 *   <li>{@code inst/otel-api/}: the {@code otel} sink with the OpenTelemetry API unrelocated and no
 *       SDK, read, ahead of {@code inst/otel/}, only when the OpenTelemetry Java agent is attached
 *       too ({@link OtelJavaAgent}): that agent bridges this API's {@code GlobalOpenTelemetry} to
 *       its own meter provider, which a relocated copy would never reach.
 * </ul>
 *
 * <p>Each bundle has its own class loader ({@link BundleClassLoader}), which keeps it apart both
 * ways: the application never sees these classes, and the bundle never sees the application's (its
 * own Undertow or OpenTelemetry, its logging library). Only this class knows the bundles' loaders,
 * so that the JVM, verifying the agent's other classes, never loads them in a program that does not
 * use these sinks.
 */
final class Bundle {
  static final String HTTP = "inst/http/";
  static final String OTEL = "inst/otel/";
  static final String OTEL_API = "inst/otel-api/";

  private final String name;
  private final List<String> folders;

  private Bundle(String name, List<String> folders) {
    this.name = name;
    this.folders = folders;
  }

  /**
   * The bundles the sink kinds {@code kinds} (as {@code flowmeter.sinks} names them) need, in the
   * order their sinks are to be looked up: none for sinks the runtime has.
   */
  static List<Bundle> forSinks(Set<String> kinds) {
    List<Bundle> bundles = new ArrayList<>();
    boolean http = kinds.contains("http");
    boolean otel = kinds.contains("otel");
    if (otel && OtelJavaAgent.attached()) {
      bundles.add(new Bundle("flowmeter-otel-api", List.of(OTEL_API)));
    }
    if (http) {
      bundles.add(new Bundle("flowmeter-sinks", List.of(HTTP, OTEL)));
    } else if (otel || kinds.contains("prometheus")) {
      bundles.add(new Bundle("flowmeter-sinks", List.of(OTEL)));
    }
    return bundles;
  }

  /**
   * The class loader to make the tracker with: one that finds the sinks of {@code bundles} after
   * those of {@code extensions} (the extensions' loader, or {@code null} when there are none), or
   * {@code extensions} itself when this agent has no bundle (its classes are not in an agent jar,
   * as in the agent's own unit tests): the runtime then says that it knows no such sink, as for any
   * sink it cannot find.
   */
  static @Nullable ClassLoader withBundles(@Nullable ClassLoader extensions, List<Bundle> bundles)
      throws IOException {
    ClassLoader loader = extensions;
    for (Bundle bundle : bundles) {
      ClassLoader next = bundle.loader();
      if (next != null) {
        loader = loader == null ? next : new JoinedClassLoader(loader, next);
      }
    }
    return loader;
  }

  private @Nullable ClassLoader loader() throws IOException {
    String self = Bundle.class.getName().replace('.', '/') + ".class";
    URL url = Bundle.class.getClassLoader().getResource(self);
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
    List<String> present = new ArrayList<>();
    for (String folder : folders) {
      if (jar.getEntry(folder + "META-INF/services/" + SinkProvider.class.getName()) != null) {
        present.add(folder);
      }
    }
    if (present.isEmpty()) {
      jar.close();
      return null;
    }
    return new BundleClassLoader(name, jar, "jar:" + jarUrl.toExternalForm() + "!/", present);
  }

  @Override
  public String toString() {
    return "Bundle(" + name + " " + folders + ")";
  }
}
