// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream the agent hands to the application in place of one it counts (an HTTP response
 * body): every call goes to the original, unchanged, and the bytes read count into a {@link Tally}.
 *
 * <p>Transparency: results, exceptions and end-of-stream are the original's. {@code mark}/{@code
 * reset} pass through; bytes read again after a reset are counted again (the total still bounds the
 * percentage). Under {@code flowmeter.agent.cancel=interrupt}, a read after a user's cancel of the
 * tally's transfer throws {@code InterruptedIOException} instead of reaching the original.
 * Thread-safety: as the original stream's.
 */
final class TallyInputStream extends FilterInputStream {
  private final Tally tally;

  TallyInputStream(InputStream in, Tally tally) {
    super(in);
    this.tally = tally;
  }

  @Override
  public int read() throws IOException {
    int b;
    tally.checkNotStopped();
    try {
      b = in.read();
    } catch (IOException | RuntimeException | Error e) {
      tally.failed(e);
      throw e;
    }
    if (b < 0) {
      tally.endOfStream();
    } else {
      tally.moved(this, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    tally.checkNotStopped();
    try {
      n = in.read(b, off, len);
    } catch (IOException | RuntimeException | Error e) {
      tally.failed(e);
      throw e;
    }
    if (n < 0) {
      tally.endOfStream();
    } else if (n > 0) {
      tally.moved(this, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped;
    try {
      skipped = in.skip(n);
    } catch (IOException | RuntimeException | Error e) {
      tally.failed(e);
      throw e;
    }
    if (skipped > 0) {
      tally.moved(this, skipped);
    }
    return skipped;
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } catch (IOException | RuntimeException | Error e) {
      tally.failed(e);
      throw e;
    }
    tally.closed();
  }
}
