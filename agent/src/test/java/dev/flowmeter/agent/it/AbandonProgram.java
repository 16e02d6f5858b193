// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A program run in a forked JVM under the agent that never closes its streams: reads half of {@code
 * source} through a {@code FileInputStream} and a {@code FileChannel}, writes 2 MiB to {@code
 * target} through a {@code FileOutputStream} and 2 MiB to {@code gzipTarget} through a {@code
 * GZIPOutputStream} on a {@code FileOutputStream}, drops them all, and collects garbage until the
 * agent's transfers for them have ended (at most 30 s). Prints how many are still running.
 */
public final class AbandonProgram {
  private static final int HALF = 2 * 1024 * 1024;

  private AbandonProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    useAndDrop(args[0], args[1], args[2]);
    long deadline = System.nanoTime() + 30_000_000_000L;
    int running = running();
    while (running > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20); // lets the Cleaner run after a collection
      running = running();
    }
    System.out.println("running " + running);
  }

  @SuppressWarnings("resource") // the point: never closed
  private static void useAndDrop(String source, String target, String gzipTarget) throws Exception {
    byte[] buffer = new byte[8192];
    FileInputStream in = new FileInputStream(source);
    for (int n = 0; n < HALF; n += in.read(buffer)) {
      // reads half the file
    }
    FileChannel channel = FileChannel.open(Path.of(source), StandardOpenOption.READ);
    ByteBuffer bytes = ByteBuffer.allocate(8192);
    for (int n = 0; n < HALF; n += channel.read(bytes)) {
      bytes.clear();
    }
    FileOutputStream out = new FileOutputStream(target);
    for (int n = 0; n < HALF; n += buffer.length) {
      out.write(buffer);
    }
    GZIPOutputStream gzip = new GZIPOutputStream(new FileOutputStream(gzipTarget));
    for (int n = 0; n < HALF; n += buffer.length) {
      gzip.write(buffer);
    }
  }

  private static int running() {
    List<ProgressEvent> all = Flowmeter.transfers();
    int running = 0;
    for (ProgressEvent e : all) {
      running += e.status().isFinal() ? 0 : 1;
    }
    return running;
  }
}
