// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;

/**
 * The count of one stream the agent wrapped itself (an HTTP body, a zip entry): its operation, name
 * and total, the bytes it moved before it became worth showing, and its transfer once shown.
 *
 * <p>The same threshold as a file stream's: shown when its known total is at least {@code
 * flowmeter.agent.min-bytes} or, with the total unknown, once it moved that many bytes or lasted
 * {@code flowmeter.agent.delay}. A tally with a parent transfer becomes its child.
 *
 * <p>Thread-safety: used by the one thread that reads or writes the stream at a time, like the
 * stream itself; every method catches everything (fail-open).
 */
final class Tally {
  private final String operation;
  private final String name;
  private final long total;
  private final Transfer parent;
  // the file stream beneath, whose transfer becomes the parent when this tally is shown
  private final StreamState beneath;
  private final long startNanos = System.nanoTime();
  private long pending;
  private Transfer transfer;
  private boolean done;

  Tally(String operation, String name, long total, Transfer parent) {
    this.operation = operation;
    this.name = name;
    this.total = total;
    this.parent = parent;
    this.beneath = null;
  }

  /**
   * A tally whose parent is the transfer of the file stream {@code beneath}, taken when the tally
   * is shown; the file's transfer is shown then too if it was not yet (a compressed file moves
   * fewer bytes than the stream above it, so it would reach the threshold later).
   */
  Tally(String operation, String name, StreamState beneath) {
    this.operation = operation;
    this.name = name;
    this.total = -1;
    this.parent = null;
    this.beneath = beneath;
  }

  /** {@code n} more bytes moved (n > 0). */
  void moved(long n) {
    try {
      if (done) {
        return;
      }
      Transfer t = transfer;
      if (t != null) {
        t.advance(n);
        return;
      }
      pending += n;
      long min = AgentSettings.minBytes();
      if (total >= 0) {
        if (total >= min) {
          show();
        } else {
          done = true; // known and small: never shown
        }
      } else if (pending >= min || System.nanoTime() - startNanos >= AgentSettings.delayNanos()) {
        show();
      }
    } catch (Throwable e) {
      done = true; // fail-open
    }
  }

  private void show() {
    done = true; // stays so when the caller is ignored or the transfer cannot be made
    if (Callers.ignored()) {
      return;
    }
    TransferBuilder b = Flowmeter.transfer().operation(operation).name(name).totalBytes(total);
    Transfer p = parent != null ? parent : beneath != null ? beneath.showNow() : null;
    if (p != null) {
      b.parent(p);
    }
    Transfer t = b.start();
    t.advance(pending);
    transfer = t;
    done = false;
  }

  /** The transfer once shown, else {@code null}. */
  Transfer transfer() {
    return transfer;
  }

  /** End of stream: a read with a known total is complete. */
  void endOfStream() {
    Transfer t = transfer;
    if (t != null && total >= 0 && !done) {
      done = true;
      complete(t);
    }
  }

  /** The stream was closed, or its part ended: the transfer is complete. */
  void closed() {
    Transfer t = transfer;
    boolean was = done;
    done = true;
    if (t != null && !was) {
      complete(t);
    }
  }

  /** A call threw: the transfer failed. */
  void failed(Throwable thrown) {
    Transfer t = transfer;
    if (t != null && !done) {
      try {
        t.fail(thrown);
      } catch (Throwable e) {
        // fail-open
      }
    }
    done = true;
  }

  private static void complete(Transfer t) {
    try {
      t.complete();
    } catch (Throwable e) {
      // fail-open
    }
  }
}
