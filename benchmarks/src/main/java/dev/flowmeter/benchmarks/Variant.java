// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.internal.TransferImpl;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The ways a benchmark's stream is wrapped, named as the benchmarks' {@code variant} parameter
 * names them.
 *
 * <p>Each wrap is made once per trial, so the benchmarks measure the read and write calls, never
 * the cost of wrapping. Wrappers that start something (Flowmeter's transfer, progressbar's render
 * thread) are stopped by closing the stream they return. Progressbar prints through a consumer that
 * drops everything, and Flowmeter's global tracker is expected to run with {@code
 * -Dflowmeter.sinks=none}, so no variant prints while it is measured.
 */
enum Variant {
  /** The raw stream, not wrapped. */
  BASELINE("baseline") {
    @Override
    InputStream wrap(InputStream in, String label) {
      return in;
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      return out;
    }
  },
  /** A decorator that only delegates: the floor for every wrapper. */
  DECORATOR("decorator") {
    @Override
    InputStream wrap(InputStream in, String label) {
      return new ForwardingInputStream(in);
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      return new ForwardingOutputStream(out);
    }
  },
  /** Flowmeter's counting wrapper, reporting into the global tracker. */
  FLOWMETER("flowmeter") {
    @Override
    InputStream wrap(InputStream in, String label) {
      return Flowmeter.wrap(in, label);
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      return Flowmeter.wrap(out, label);
    }
  },
  /**
   * Flowmeter's counting wrapper in a JVM that cancelled many transfers in a burst a while ago: the
   * burst made the cancel check an opaque load, and the quiet spell after it made it a plain load
   * again (see the design notes of the runtime's {@code TransferImpl}).
   */
  FLOWMETER_AFTER_CANCELS("flowmeterAfterCancels") {
    @Override
    InputStream wrap(InputStream in, String label) {
      cancelMany(label);
      settle();
      return Flowmeter.wrap(in, label);
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      cancelMany(label);
      settle();
      return Flowmeter.wrap(out, label);
    }
  },
  /**
   * Flowmeter's counting wrapper in a JVM that keeps cancelling transfers (one every half second,
   * after a burst): the cancel check stays an opaque load while it does.
   */
  FLOWMETER_WHILE_CANCELLING("flowmeterWhileCancelling") {
    @Override
    InputStream wrap(InputStream in, String label) {
      cancelMany(label);
      keepCancelling(label);
      return Flowmeter.wrap(in, label);
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      cancelMany(label);
      keepCancelling(label);
      return Flowmeter.wrap(out, label);
    }
  },
  /** me.tongfei progressbar's {@code ProgressBar.wrap}, rendering into a consumer that drops it. */
  PROGRESSBAR("progressbar") {
    @Override
    InputStream wrap(InputStream in, String label) {
      return ProgressBar.wrap(in, silentBar(label));
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      return ProgressBar.wrap(out, silentBar(label));
    }
  },
  /** commons-io's {@code CountingInputStream} and {@code CountingOutputStream}. */
  COMMONS_IO("commonsIo") {
    @Override
    @SuppressWarnings("deprecation") // still shipped in 2.18; what users of commons-io count with
    InputStream wrap(InputStream in, String label) {
      return new org.apache.commons.io.input.CountingInputStream(in);
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      return new org.apache.commons.io.output.CountingOutputStream(out);
    }
  },
  /** Guava's {@code CountingInputStream} and {@code CountingOutputStream}. */
  GUAVA("guava") {
    @Override
    InputStream wrap(InputStream in, String label) {
      return new com.google.common.io.CountingInputStream(in);
    }

    @Override
    OutputStream wrap(OutputStream out, String label) {
      return new com.google.common.io.CountingOutputStream(out);
    }
  };

  private final String label;

  Variant(String label) {
    this.label = label;
  }

  /** Wraps {@code in}; {@code label} names the transfer or bar where the variant has one. */
  abstract InputStream wrap(InputStream in, String label);

  /** Wraps {@code out}; {@code label} names the transfer or bar where the variant has one. */
  abstract OutputStream wrap(OutputStream out, String label);

  /** The name the benchmarks' {@code variant} parameter uses. */
  String label() {
    return label;
  }

  /** The variant whose {@link #label()} is {@code label}. */
  static Variant named(String label) {
    stopCancelling(); // a trial run in the same JVM (forks(0)) starts without the last one's
    for (Variant variant : values()) {
      if (variant.label.equals(label)) {
        return variant;
      }
    }
    throw new IllegalArgumentException(
        "variant: '" + label + "' unknown (accepted: " + labels() + ")");
  }

  private static String labels() {
    StringBuilder names = new StringBuilder();
    for (Variant variant : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(variant.label);
    }
    return names.toString();
  }

  private static void cancelMany(String label) {
    stopCancelling();
    for (int i = 0; i < 100; i++) {
      Flowmeter.start(label + " (cancelled " + i + ")").cancel();
    }
  }

  /** Waits until the reporter turned the cancel check calm again after {@link #cancelMany}. */
  private static void settle() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (TransferImpl.cancelChecksStrict() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The thread of {@link #keepCancelling}, if one runs. */
  private static Thread canceller;

  /**
   * A daemon thread that cancels a transfer every half second, for the rest of the fork, or until
   * the next trial of this JVM sets up.
   */
  private static synchronized void keepCancelling(String label) {
    stopCancelling();
    canceller =
        new Thread(
            () -> {
              for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                Flowmeter.start(label + " (cancelled later " + i + ")").cancel();
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "cancelling");
    canceller.setDaemon(true);
    canceller.start();
  }

  private static synchronized void stopCancelling() {
    if (canceller != null) {
      canceller.interrupt();
      try {
        canceller.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      canceller = null;
    }
  }

  private static ProgressBarBuilder silentBar(String label) {
    return new ProgressBarBuilder()
        .setTaskName(label)
        .setConsumer(new DelegatingProgressBarConsumer(rendered -> {}));
  }

  @Override
  public String toString() {
    return label;
  }
}
