// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.util.concurrent.CountDownLatch;

/**
 * A sink provider that gets in the way of the agent's installer, which loads the sink providers (on
 * its own thread, before it instruments anything), as the system property {@value #PROBE} says:
 * {@code stall} makes loading it take 15 s (the installation takes too long), {@code exit} makes it
 * return only once the JVM has begun to shut down (the JVM ends under the installer). Without the
 * property it is a sink that records nothing.
 */
public final class InstallerProbeSinkProvider implements SinkProvider {
  static final String PROBE = "test.installer.probe";

  public InstallerProbeSinkProvider() {
    String probe = System.getProperty(PROBE, "");
    if (probe.equals("stall")) {
      sleep(15_000);
    } else if (probe.equals("exit")) {
      awaitShutdown();
    }
  }

  @Override
  public String name() {
    return "test-installer";
  }

  @Override
  public String usage() {
    return "test-installer (a test sink whose loading gets in the way of the agent's installer)";
  }

  @Override
  public ProgressSink create(SinkContext context) {
    return new ProgressSink() {
      @Override
      public void onEvent(ProgressEvent event) {}
    };
  }

  private static void awaitShutdown() {
    CountDownLatch shutdown = new CountDownLatch(1);
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(shutdown::countDown));
    } catch (IllegalStateException e) {
      // "Shutdown in progress": on a loaded machine the program may end before the installer's
      // background thread loads this provider; the exit it waits for has begun, and a provider
      // that threw here would make the runtime say so, which the test would take for the agent's
      return;
    }
    try {
      shutdown.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
