// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advice's calls into the bridge, made directly (as the inlined advice makes them). The global
 * tracker has no sinks here ({@code flowmeter.sinks=none}); transfers are read back from it.
 */
final class FileIoTest {
  @TempDir Path dir;

  @BeforeAll
  static void threshold() {
    AgentSettings.configure(1024, 60_000_000_000L);
  }

  @Test
  void read_ofLargeFile_isATransferWithTheFileSizeAsTotal() throws Exception {
    Path file = dir.resolve("large.bin");
    Files.write(file, new byte[4096]);
    String path = file.toString();
    try (FileInputStream in = new FileInputStream(path)) {
      byte[] buffer = new byte[1000];
      Object thread = FileIo.enter();
      int n = in.read(buffer);
      FileIo.read(thread, in, path, n, null);
      assertThat(transfer(path)).hasValueSatisfying(e -> assertThat(e.bytes()).isEqualTo(1000));
      assertThat(transfer(path).orElseThrow().totalBytes()).isEqualTo(4096);

      thread = FileIo.enter();
      FileIo.close(thread, in);
    }
    assertThat(transfer(path).orElseThrow().status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void nestedCalls_countOnce() throws Exception {
    Path file = dir.resolve("nested.bin");
    Files.write(file, new byte[8192]);
    String path = file.toString();
    try (FileInputStream in = new FileInputStream(path)) {
      byte[] buffer = new byte[2048];
      Object outer = FileIo.enter();
      FileIo.read(outer, in, path, in.read(buffer), null); // shown: 2048

      outer = FileIo.enter();
      Object inner = FileIo.enter(); // read(byte[]) calling read(byte[], int, int)
      int n = in.read(buffer);
      FileIo.read(inner, in, path, n, null);
      FileIo.read(outer, in, path, n, null);
      assertThat(transfer(path).orElseThrow().bytes()).isEqualTo(4096);
      assertThat(IoThread.current().depth).isZero();
    }
  }

  @Test
  void smallFile_isNeverATransfer() throws Exception {
    Path file = dir.resolve("small.properties");
    Files.writeString(file, "key=value\n");
    String path = file.toString();
    try (FileInputStream in = new FileInputStream(path)) {
      Object thread = FileIo.enter();
      FileIo.read(thread, in, path, in.read(new byte[64]), null);
      thread = FileIo.enter();
      FileIo.read(thread, in, path, in.read(new byte[64]), null);
    }
    assertThat(transfer(path)).isEmpty();
  }

  @Test
  void write_ofUnknownTotal_isShownOnceItMovedTheMinimum() throws Exception {
    Path file = dir.resolve("out.bin");
    String path = file.toString();
    try (FileOutputStream out = new FileOutputStream(path)) {
      byte[] chunk = new byte[600];
      Object thread = FileIo.enter();
      out.write(chunk);
      FileIo.write(thread, out, path, chunk.length, null);
      assertThat(transfer(path)).isEmpty();

      thread = FileIo.enter();
      out.write(chunk);
      FileIo.write(thread, out, path, chunk.length, null);
      ProgressEvent event = transfer(path).orElseThrow();
      assertThat(event.bytes()).isEqualTo(1200);
      assertThat(event.totalBytes()).isEqualTo(ProgressEvent.UNKNOWN);
      assertThat(event.operation()).isEqualTo("write");
    }
  }

  @Test
  void failedCall_failsTheTransfer() throws Exception {
    Path file = dir.resolve("failing.bin");
    Files.write(file, new byte[4096]);
    String path = file.toString();
    try (FileInputStream in = new FileInputStream(path)) {
      Object thread = FileIo.enter();
      FileIo.read(thread, in, path, in.read(new byte[2000]), null);
      thread = FileIo.enter();
      FileIo.read(thread, in, path, 0, new java.io.IOException("disk gone"));
    }
    ProgressEvent event = transfer(path).orElseThrow();
    assertThat(event.status()).isEqualTo(Status.FAILED);
    assertThat(event.error()).contains("disk gone");
  }

  @Test
  void streamDroppedWithoutClose_isCancelledOnceUnreachable() throws Exception {
    Path file = dir.resolve("dropped.bin");
    Files.write(file, new byte[4096]);
    String path = file.toString();
    readPartlyAndDrop(path);
    assertThat(transfer(path).orElseThrow().status().isFinal()).isFalse();

    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!transfer(path).orElseThrow().status().isFinal() && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10); // lets the Cleaner thread run after the collection
    }
    ProgressEvent event = transfer(path).orElseThrow();
    assertThat(event.status()).isEqualTo(Status.CANCELLED);
    assertThat(event.bytes()).isEqualTo(2000);
  }

  /** Reads 2000 bytes of {@code path} and drops the stream without closing it. */
  @SuppressWarnings("resource")
  private static void readPartlyAndDrop(String path) throws Exception {
    FileInputStream in = new FileInputStream(path);
    Object thread = FileIo.enter();
    FileIo.read(thread, in, path, in.read(new byte[2000]), null);
  }

  @Test
  void streamSeenFromItsOpening_countsWhatMovedNotItsPosition() throws Exception {
    Path file = dir.resolve("appended.bin");
    Files.write(file, new byte[8192]); // opened to append: position 8192 before any write
    String path = file.toString();
    try (FileOutputStream out = new FileOutputStream(path, true)) {
      FileIo.opened(out); // what the constructor advice does
      byte[] chunk = new byte[2048];
      Object thread = FileIo.enter();
      out.write(chunk);
      FileIo.write(thread, out, path, chunk.length, null);
      assertThat(transfer(path).orElseThrow().bytes()).isEqualTo(2048);
    }
  }

  @Test
  void streamOpenedBeforeTheAgent_countsFromItsPosition() throws Exception {
    Path file = dir.resolve("late.bin");
    Files.write(file, new byte[8192]);
    String path = file.toString();
    try (FileInputStream in = new FileInputStream(path)) {
      in.readNBytes(4096); // before the agent was in place: not seen
      Object thread = FileIo.enter();
      FileIo.read(thread, in, path, in.read(new byte[1024]), null);
      assertThat(transfer(path).orElseThrow().bytes()).isEqualTo(5120);
    }
  }

  @Test
  void exitWithoutEnter_isIgnored() {
    FileIo.read(null, new Object(), "x", 10, null);
    assertThat(IoThread.current().depth).isZero();
  }

  @Test
  void zipNextEntryThatThrows_failsTheArchivesRead() throws Exception {
    Path file = dir.resolve("cut-between-entries.zip");
    Files.write(file, new byte[4096]);
    String path = file.toString();
    try (FileInputStream in = new FileInputStream(path)) {
      Object thread = FileIo.enter();
      FileIo.read(thread, in, path, in.read(new byte[4096]), null); // shown: total 4096
      Object zip = new Object();
      ZipIo.opened(zip, in);
      ZipIo.nextEntry(zip, new ZipEntry("first.txt"), null);
      ZipIo.read(zip, 100, null);
      ZipIo.read(zip, -1, null);
      ZipIo.ended(zip, null); // closeEntry()
      thread = FileIo.enter();
      FileIo.read(thread, in, path, in.read(new byte[64]), null); // the end: -1
      ZipIo.nextEntry(zip, null, new EOFException("Unexpected end of ZLIB input stream"));
      thread = FileIo.enter();
      FileIo.close(thread, in);
    }
    assertThat(transfer(path).orElseThrow().status()).isEqualTo(Status.FAILED);
  }

  private static Optional<ProgressEvent> transfer(String name) {
    return Flowmeter.transfers().stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
