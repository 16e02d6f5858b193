// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Transfer;

/** Counting by hand: a transfer handle advanced as chunks go out, then saving, then completed. */
public final class ManualTransferSample {
  private ManualTransferSample() {}

  public static void main(String[] args) {
    ProgressEvent done = upload(new byte[4 << 20]).snapshot();
    System.out.println(done.name() + ": " + done.status() + ", " + done.bytes() + " bytes");
    Flowmeter.flush(1_000);
  }

  // README: manual
  /** Sends {@code data} in chunks of 64 KiB, counting each one. */
  static Transfer upload(byte[] data) {
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
    return upload;
  }

  static void send(byte[] data, int offset, int length) {
    // a real program writes data[offset, offset + length) to a socket here
  }

  // README: end
}
