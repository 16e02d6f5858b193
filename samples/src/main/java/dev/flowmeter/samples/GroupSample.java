// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.FileGroup;
import dev.flowmeter.FileSteps;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.GroupFile;
import dev.flowmeter.ProgressEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A multi-file upload followed through upload, queue, processing and cleanup, each step a range of
 * the file's percentage; one of the six photos is not an image and fails in processing, the others
 * go on, and the group ends {@code failed} with 5 of 6 files completed.
 */
public final class GroupSample {
  private GroupSample() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 0) {
      throw new UsageException("takes no options");
    }
    FileGroup photos = upload();
    ProgressEvent end = photos.snapshot();
    System.out.println(
        end.name()
            + ": "
            + end.status()
            + ", "
            + (photos.completedFiles() - photos.failedFiles())
            + " of "
            + photos.totalFiles()
            + " files completed"
            + end.error().map(e -> " (" + e + ")").orElse(""));
  }

  // README: group
  /** Uploads six photos, three at a time; returns the group once it ended. */
  static FileGroup upload() throws Exception {
    FileSteps steps =
        FileSteps.of("upload", 0, 10) // the bytes sent move a file from 0 to 10 %
            .then("queue", 10, 20)
            .then("processing", 40, 80)
            .then("cleanup", 95, 99);
    FileGroup photos =
        Flowmeter.fileGroup("holiday photos").operation("upload").steps(steps).start();
    ExecutorService workers = Executors.newFixedThreadPool(3);
    List<Future<?>> uploads = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      String name = String.format("IMG_%04d.jpg", i);
      GroupFile file = photos.addFile(name, (2L + i) << 20);
      boolean corrupt = i == 4;
      uploads.add(workers.submit(() -> send(file, corrupt)));
    }
    photos.allAdded(); // the group ends when its last file ends
    for (Future<?> f : uploads) {
      f.get();
    }
    workers.shutdown();
    Flowmeter.flush(2_000);
    return photos;
  }

  /** One photo: its bytes sent, a wait in the queue, processing in steps, cleanup. */
  private static Void send(GroupFile file, boolean corrupt) throws InterruptedException {
    file.step("upload");
    try (InputStream photo = new ByteArrayInputStream(new byte[(int) file.totalBytes()]);
        OutputStream server = OutputStream.nullOutputStream()) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = photo.read(buffer)) >= 0; ) {
        server.write(buffer, 0, n);
        file.advance(n);
        TimeUnit.MILLISECONDS.sleep(25); // a slow uplink
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    file.step("queue");
    file.message("position 2 in the queue");
    TimeUnit.MILLISECONDS.sleep(300);
    file.message(null);
    for (int i = 1; i <= 5; i++) {
      file.step("processing", i / 5.0);
      TimeUnit.MILLISECONDS.sleep(150);
      if (corrupt && i == 2) {
        file.fail("not an image: no JPEG header");
        return null;
      }
    }
    file.step("cleanup");
    TimeUnit.MILLISECONDS.sleep(100);
    file.complete();
    return null;
  }

  // README: end
}
