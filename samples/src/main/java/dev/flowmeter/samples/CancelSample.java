// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Transfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cancelling a transfer: a download from a feed that never ends, cancelled from a timer thread
 * after 200 ms; the copying thread gets an {@code InterruptedIOException} and removes the partial
 * file.
 */
public final class CancelSample {
  private CancelSample() {}

  public static void main(String[] args) throws IOException {
    try (Scratch scratch = Scratch.temporary("flowmeter-cancel")) {
      ProgressEvent end = download(new EndlessFeed(), scratch.file("feed.bin")).snapshot();
      System.out.println(end.name() + ": " + end.status() + " (" + end.error().orElse("") + ")");
      Flowmeter.flush(1_000);
    }
  }

  // README: cancel
  /** Copies {@code feed} to {@code target} until a timer cancels the transfer. */
  static Transfer download(InputStream feed, Path target) throws IOException {
    InputStream in = Flowmeter.wrap(feed, "live feed");
    Transfer transfer = Flowmeter.transferOf(in).orElseThrow();
    transfer.onCancel(() -> System.out.println("cancelled after " + transfer.bytes() + " bytes"));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.schedule(() -> transfer.cancel("took longer than 200 ms"), 200, TimeUnit.MILLISECONDS);
    try (in;
        OutputStream out = Files.newOutputStream(target)) {
      in.transferTo(out);
    } catch (InterruptedIOException e) {
      System.out.println(e.getMessage()); // transfer cancelled: took longer than 200 ms
      Files.delete(target); // what was written stays written: remove the partial file
    } finally {
      timer.shutdownNow();
    }
    return transfer;
  }

  // README: end

  /** A stand-in for a slow server: 8 KiB a read, about a millisecond apart, and no end. */
  static final class EndlessFeed extends InputStream {
    @Override
    public int read() {
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      int n = Math.min(len, 8192);
      Arrays.fill(b, off, off + n, (byte) 'x');
      return n;
    }
  }
}
