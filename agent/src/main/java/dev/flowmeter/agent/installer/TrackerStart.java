// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.internal.Tracker;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * Creates the JVM's tracker on a thread of its own while the installer writes the hooks, and,
 * unless awaited, while the application starts: making it (its configuration read, its sinks
 * started) is a good part of the agent's start-up, and nothing needs it before the first transfer
 * worth showing, which waits for it then (the runtime makes the one tracker under a lock). Its
 * configuration's problems are said once on standard error, as the runtime says them; they never
 * stop the agent.
 *
 * <p>The tracker is created with the extensions' class loader as context class loader, so that
 * their sinks are found (and those of the bundles {@code flowmeter.sinks} names: {@link Bundle});
 * with extensions or bundles the installer awaits it, so that no application thread makes it first
 * without them.
 */
final class TrackerStart implements Runnable {
  /** The longest the JVM's exit waits for a tracker still being made. */
  private static final long EXIT_WAIT_MILLIS = 2_000;

  private final List<File> extensions;
  private final List<Bundle> bundles;
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean awaited;

  private TrackerStart(List<File> extensions, List<Bundle> bundles) {
    this.extensions = extensions;
    this.bundles = bundles;
    this.thread = new Thread(this, "flowmeter-agent-tracker");
    thread.setDaemon(true);
  }

  /**
   * Starts creating the tracker, with the sinks of {@code extensions} (jars) and of the agent's own
   * {@code bundles} available.
   */
  static TrackerStart begin(List<File> extensions, List<Bundle> bundles) {
    TrackerStart start = new TrackerStart(extensions, bundles);
    start.thread.start();
    try {
      Runtime.getRuntime()
          .addShutdownHook(
              // a class, not a method reference: that would cost a cold JVM a class made at run
              // time
              new Thread("flowmeter-agent-exit") {
                @Override
                public void run() {
                  start.atExit();
                }
              });
    } catch (IllegalStateException e) {
      // the JVM is already exiting: the installer stops anyway
    }
    return start;
  }

  /**
   * At exit, a program that ended before the tracker was made (one that moved nothing worth showing
   * in its first milliseconds) still hears of its configuration's problems: the tracker is waited
   * for (at most {@link #EXIT_WAIT_MILLIS}), and, made after exit began, too late for its own
   * shutdown hook, it is shut down here, so that its sinks are flushed and closed.
   */
  private void atExit() {
    if (!thread.isAlive()) {
      return; // made before exit: its own shutdown hook flushes it
    }
    try {
      thread.join(EXIT_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!thread.isAlive() && failure == null) {
      Tracker.global().shutdown();
    }
  }

  @Override
  public void run() {
    try {
      create(extensions, bundles);
    } catch (Throwable e) {
      failure = e;
      if (!awaited) {
        // nobody will hear of it otherwise; the hooks stay, and each of their calls is fail-open
        System.err.println("flowmeter-agent: cannot start the tracker (" + e + ")");
      }
    }
  }

  /** Waits for the tracker; throws what creating it threw. */
  void await() throws Exception {
    awaited = true;
    thread.join();
    Throwable e = failure;
    if (e instanceof Exception) {
      throw (Exception) e;
    }
    if (e instanceof Error) {
      throw (Error) e;
    }
  }

  /** Waits for the tracker, whatever creating it did: the installer failed before it. */
  void awaitQuietly() {
    awaited = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void create(List<File> extensions, List<Bundle> bundles) throws Exception {
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
    if (!bundles.isEmpty()) {
      ClassLoader sinks = Bundle.withBundles(extensions.isEmpty() ? null : loader, bundles);
      loader = sinks != null ? sinks : previous;
    }
    thread.setContextClassLoader(loader);
    try {
      Tracker.global(); // only made: Flowmeter.transfers() would also sort its (empty) list
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
