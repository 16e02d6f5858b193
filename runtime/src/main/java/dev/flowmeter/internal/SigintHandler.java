// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The SIGINT handler behind {@link InterruptCancel}: runs an action, then passes the signal to the
 * handler that was there before, so the JVM exits as it would have (status 130 under the JVM's own
 * handler).
 *
 * <p>It uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module, which every JDK from
 * 9 to 25 exports without a warning; this class is only loaded when a transfer is registered, and a
 * JVM without the module (a trimmed runtime image) gets one line saying Ctrl+C will not cancel.
 *
 * <p>When the handler found is "ignore" (SIGINT ignored: a background job of a non-interactive
 * shell, {@code nohup}), it is put back at once and nothing is installed. When it is the native
 * default (the JVM started with {@code -Xrs}), the signal is passed on by restoring that default
 * and raising the signal again.
 */
final class SigintHandler implements SignalHandler {
  private final Runnable action;
  private volatile SignalHandler previous = SignalHandler.SIG_DFL;

  private SigintHandler(Runnable action) {
    this.action = action;
  }

  /**
   * Installs a handler running {@code action} on SIGINT, or returns null when it was not installed
   * (SIGINT ignored, or signals not available here: said once).
   */
  static @Nullable SigintHandler install(Runnable action) {
    try {
      Signal interrupt = new Signal("INT");
      SigintHandler handler = new SigintHandler(action);
      SignalHandler previous = Signal.handle(interrupt, handler);
      if (previous == SignalHandler.SIG_IGN) {
        Signal.handle(interrupt, SignalHandler.SIG_IGN); // ignored: it stays ignored
        return null;
      }
      handler.previous = previous;
      return handler;
    } catch (LinkageError | RuntimeException e) {
      Diagnostics.once(
          "interrupt.unavailable",
          "Flowmeter cannot handle Ctrl+C here ("
              + e
              + "); Ctrl+C will end the program without cancelling the transfers registered"
              + " with cancelOnInterrupt",
          e);
      return null;
    }
  }

  @Override
  public void handle(Signal signal) {
    try {
      action.run();
    } catch (
        Throwable t) { // fail-open: the signal must reach its previous handler whatever happens
      Diagnostics.once("interrupt.failed", "Flowmeter failed to cancel on Ctrl+C: " + t, t);
    }
    SignalHandler next = previous;
    if (next == SignalHandler.SIG_DFL || next == SignalHandler.SIG_IGN) {
      Signal.handle(signal, next); // native: it cannot be called, so put back and raised again
      Signal.raise(signal);
    } else {
      next.handle(signal);
    }
  }
}
