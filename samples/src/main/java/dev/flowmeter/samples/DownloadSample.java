// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

// README: @Tracked call
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** A {@code @Tracked} download: the transfer follows the caller's reads of the returned stream. */
public final class DownloadSample {
  public static void main(String[] args) throws IOException {
    StorageClient client = new StorageClient_Tracked(); // the subclass the processor generates
    byte[] data = new byte[8 << 20];
    client.upload("dataset.csv", new ByteArrayInputStream(data), data.length); // a bar for it
    System.out.println("downloaded " + download(client, "dataset.csv").length + " bytes");
  }

  /** Reads the object {@code key} through the stream {@code openDownload} returns. */
  static byte[] download(StorageClient client, String key) throws IOException {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (InputStream in = client.openDownload(key)) {
      in.transferTo(copy); // a bar for "download dataset.csv"
    }
    return copy.toByteArray();
  }
}
// README: end
