// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A {@code @Tracked} download: {@link StorageClient#openDownload} returns a stream, and the
 * transfer follows the caller's reads until the stream is closed.
 */
public final class DownloadSample {
  private DownloadSample() {}

  public static void main(String[] args) throws IOException {
    StorageClient client = new StorageClient_Tracked();
    UploadSample.writeUpload(client, "dataset.csv", UploadSample.content(8 << 20));
    byte[] got = download(client, "dataset.csv");
    System.out.println("downloaded dataset.csv, " + got.length + " bytes");
  }

  /** Reads the whole object through the stream {@code openDownload} returns. */
  static byte[] download(StorageClient client, String key) throws IOException {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (InputStream in = client.openDownload(key)) {
      in.transferTo(copy);
    }
    return copy.toByteArray();
  }
}
