// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream the agent hands to the application in place of one it counts (an HTTP request
 * body): every call goes to the original, unchanged (whole arrays, never byte by byte), and the
 * bytes written count into a {@link Tally}. Under {@code flowmeter.agent.cancel=interrupt}, a write
 * after a user's cancel of the tally's transfer throws {@code InterruptedIOException} instead of
 * reaching the original (what was written before stays written).
 *
 * <p>Thread-safety: as the original stream's.
 */
final class TallyOutputStream extends FilterOutputStream {
  private final Tally tally;

  TallyOutputStream(OutputStream out, Tally tally) {
    super(out);
    this.tally = tally;
  }

  @Override
  public void write(int b) throws IOException {
    tally.checkNotStopped();
    try {
      out.write(b);
    } catch (IOException | RuntimeException | Error e) {
      tally.failed(e);
      throw e;
    }
    tally.moved(this, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    tally.checkNotStopped();
    try {
      out.write(b, off, len);
    } catch (IOException | RuntimeException | Error e) {
      tally.failed(e);
      throw e;
    }
    if (len > 0) {
      tally.moved(this, len);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } catch (IOException | RuntimeException | Error e) {
      tally.failed(e);
      throw e;
    }
    tally.closed();
  }
}
