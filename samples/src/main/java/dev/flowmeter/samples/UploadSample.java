// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;

/**
 * {@code @Tracked} uploads: a returned stream the caller writes ({@link StorageClient#openUpload})
 * and a method that reads a stream parameter ({@link StorageClient#upload}), both called through
 * the generated {@code StorageClient_Tracked}.
 */
public final class UploadSample {
  private UploadSample() {}

  public static void main(String[] args) throws IOException {
    StorageClient client = new StorageClient_Tracked();
    byte[] data = content(8 << 20);
    writeUpload(client, "video.mp4", data);
    client.upload("backup.tar", new ByteArrayInputStream(data), data.length);
    System.out.println("uploaded video.mp4 and backup.tar, " + data.length + " bytes each");
  }

  /** Writes {@code data} through the stream {@code openUpload} returns, in 64 KiB writes. */
  static void writeUpload(StorageClient client, String key, byte[] data) throws IOException {
    try (OutputStream out = client.openUpload(key, data.length)) {
      for (int at = 0; at < data.length; at += 64 * 1024) {
        out.write(data, at, Math.min(64 * 1024, data.length - at));
      }
    }
  }

  static byte[] content(int size) {
    byte[] data = new byte[size];
    new Random(7).nextBytes(data);
    return data;
  }
}
