// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

// README: @Tracked class
import dev.flowmeter.Flowmeter;
import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pretend object store, standing in for an HTTP client. Call it as {@code new
 * StorageClient_Tracked()}, the subclass the processor generates, to see its progress.
 */
public class StorageClient {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  /** Opens an upload of {@code size} bytes; the object is stored when the stream is closed. */
  @Tracked(operation = "upload", name = "upload {key}")
  public OutputStream openUpload(String key, @TotalBytes long size) {
    return new ByteArrayOutputStream() {
      @Override
      public void close() throws IOException {
        super.close();
        objects.put(key, toByteArray());
      }
    };
  }

  /** Opens a download of {@code key}; the transfer ends when the caller closes the stream. */
  @Tracked(operation = "download", name = "download {key}")
  public InputStream openDownload(String key) throws FileNotFoundException {
    byte[] data = objects.get(key);
    if (data == null) {
      throw new FileNotFoundException("no object " + key);
    }
    // the size is known only now, as a Content-Length header would be
    Flowmeter.currentTracked().ifPresent(t -> t.totalBytes(data.length));
    return new ByteArrayInputStream(data);
  }

  /** Uploads all {@code data} holds; stops when the thread is interrupted (a cancel). */
  @Tracked(operation = "upload", name = "upload {key}")
  public void upload(String key, InputStream data, @TotalBytes long size) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = data.read(buffer)) >= 0; ) {
      if (Thread.interrupted()) {
        throw new InterruptedIOException("upload of " + key + " cancelled");
      }
      body.write(buffer, 0, n);
    }
    objects.put(key, body.toByteArray());
  }

  /** Whether an object is stored under {@code key}. */
  public boolean contains(String key) {
    return objects.containsKey(key);
  }
}
// README: end
