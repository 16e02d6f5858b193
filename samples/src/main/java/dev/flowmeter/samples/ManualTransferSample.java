// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Transfer;

/** Counting by hand: a transfer handle advanced as chunks go out, then saving, then completed. */
public final class ManualTransferSample {
  private ManualTransferSample() {}

  public static void main(String[] args) {
    ProgressEvent done = run(new byte[4 << 20]);
    System.out.println(done.name() + ": " + done.status() + ", " + done.bytes() + " bytes");
    Flowmeter.flush(1_000);
  }

  /** "Uploads" {@code data} in chunks; returns the transfer's final snapshot. */
  static ProgressEvent run(byte[] data) {
    // README: manual
    Transfer upload = Flowmeter.start("backup.tar", data.length);
    try {
      for (int offset = 0; offset < data.length; offset += 64 * 1024) {
        int chunk = Math.min(64 * 1024, data.length - offset);
        send(data, offset, chunk);
        upload.advance(chunk);
      }
      upload.saving(); // every byte is out; the server is storing the file
      upload.complete();
    } catch (RuntimeException e) {
      upload.fail(e);
      throw e;
    }
    // README: end
    return upload.snapshot();
  }

  private static void send(byte[] data, int offset, int length) {
    // a real program would write to a socket here
  }
}
