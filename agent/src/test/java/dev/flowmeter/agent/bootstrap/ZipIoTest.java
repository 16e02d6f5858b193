// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Status;
import java.io.EOFException;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ZipInputStream} advice's calls into the bridge, made directly. */
final class ZipIoTest {
  @TempDir Path dir;

  @BeforeAll
  static void threshold() {
    AgentSettings.configure(1024, 60_000_000_000L);
  }

  @Test
  void nextEntryThatThrows_failsTheArchivesRead() throws Exception {
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
    assertThat(Flowmeter.transfers())
        .filteredOn(e -> e.name().equals(path))
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(Status.FAILED));
  }
}
