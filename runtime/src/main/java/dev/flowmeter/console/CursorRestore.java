// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows the cursor again when the JVM exits, on every screen that hid it: the last resort for a
 * console sink that never got to close (cut off for stalling, or past the shutdown timeout). A
 * normal end, {@code System.exit} and Ctrl+C all run shutdown hooks; only a killed JVM does not.
 */
final class CursorRestore {
  private static final Set<ConsoleScreen> screens = ConcurrentHashMap.newKeySet();
  private static boolean hooked;

  /** How long the hook waits for the console sinks to close themselves. */
  static final long GRACE_MILLIS = 1000;

  private CursorRestore() {}

  /** Remembers {@code screen}, which has just hidden the cursor. */
  static void register(ConsoleScreen screen) {
    screens.add(screen);
    synchronized (CursorRestore.class) {
      if (hooked) {
        return;
      }
      hooked = true;
      try {
        Thread hook = new Thread(CursorRestore::restoreAll, "flowmeter-cursor");
        Runtime.getRuntime().addShutdownHook(hook);
      } catch (IllegalStateException | SecurityException e) {
        // the JVM is already exiting: the sink's own close shows the cursor
      }
    }
  }

  /** Forgets {@code screen}, which has closed and shown the cursor. */
  static void forget(ConsoleScreen screen) {
    screens.remove(screen);
  }

  /**
   * Gives the screens up to {@link #GRACE_MILLIS} to close (the tracker's own shutdown hook closes
   * the console sink, which erases the bars and shows the cursor in one frame), then shows the
   * cursor on any still open: a cursor shown while bars are still drawn would blink under them.
   */
  private static void restoreAll() {
    long deadline = System.nanoTime() + GRACE_MILLIS * 1_000_000L;
    while (!screens.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        break;
      }
    }
    for (ConsoleScreen screen : screens) {
      screen.restoreCursor();
    }
  }
}
