// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import io.undertow.Undertow;
import io.undertow.Version;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An unmodified program run under the agent with {@code flowmeter.sinks=http:0}: copies {@code
 * source} to {@code target} in two halves, each started when the test says so.
 *
 * <p>It prints whether its own class loader can load the agent's http classes ({@code visible
 * <name> false}, as it should be). With {@code own} it first starts an Undertow server of its own
 * (the copy on its class path, another version than the agent's) that answers {@code app
 * <version>}, and prints its address. It prints {@code halfway} after the first half, then waits
 * for the file {@code <target>.go}; {@code copied} at the end, then waits for {@code <target>.exit}
 * (at most a minute each).
 */
public final class HttpSinkProgram {
  private HttpSinkProgram() {}

  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    Undertow own = null;
    if (args.length > 2 && args[2].equals("own")) {
      String version = Version.getVersionString();
      own =
          Undertow.builder()
              .addHttpListener(0, "127.0.0.1")
              .setHandler(exchange -> exchange.getResponseSender().send("app " + version))
              .build();
      own.start();
      InetSocketAddress bound = (InetSocketAddress) own.getListenerInfo().get(0).getAddress();
      System.out.println("app server http://127.0.0.1:" + bound.getPort() + "/ " + version);
    }
    for (String name :
        List.of(
            "dev.flowmeter.http.HttpSinkProvider",
            "dev.flowmeter.agent.shaded.http.io.undertow.Undertow")) {
      System.out.println("visible " + name + " " + loadable(name));
    }
    long size = Files.size(source);
    long copied = 0;
    try (InputStream in = new FileInputStream(source.toFile());
        OutputStream out = new FileOutputStream(target.toFile())) {
      byte[] buffer = new byte[8192];
      int n;
      boolean waited = false;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
        if (!waited && copied >= size / 2) {
          waited = true;
          System.out.println("halfway " + copied);
          System.out.flush();
          await(Path.of(target + ".go"));
        }
      }
    }
    System.out.println("copied " + copied);
    System.out.flush();
    await(Path.of(target + ".exit"));
    if (own != null) {
      own.stop();
    }
  }

  /** Whether the application's class loader can load {@code name}. */
  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void await(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
