// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Direction;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.Sources;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the advice in {@code ZipFile.getInputStream(entry)} calls: the entry's stream is handed back
 * wrapped, counted as an {@code extract} transfer (name = the entry name, total = its uncompressed
 * size when known), complete at the end of the stream or when it is closed.
 *
 * <p>Parent: {@code ZipFile} reads the archive through a {@code RandomAccessFile} of the same path,
 * which the {@code file} instrumentation shows as a {@code read} of the archive; when that transfer
 * is running, the entry becomes its child. It is found by path, not by object, because the file is
 * private to {@code ZipFile}.
 *
 * <p>Count of the parent: the bytes {@code ZipFile} really reads from the archive, not its size:
 * the block searched for the end record, the central directory with the end record again, the local
 * header of each entry opened and the compressed data read. A whole archive so counts a little more
 * than it holds (the header bytes read twice), a partly read one less. Kept so on purpose: the
 * count is the I/O that happened; making it the file's size would need the position of every read
 * of every {@code RandomAccessFile}.
 *
 * <p>Cost: an entry whose size is known and below {@code flowmeter.agent.min-bytes} is returned as
 * it is, without a wrapper or a look-up, so class loading from jars pays one comparison per class.
 *
 * <p>Not for public use. Thread-safety: stateless; everything is caught (fail-open).
 */
public final class ZipFileIo {
  private ZipFileIo() {}

  /** After {@code getInputStream(entry)} of {@code zip} returned {@code in}. */
  public static InputStream entry(Object zip, Object entry, InputStream in) {
    if (in == null || in instanceof TallyInputStream || !(entry instanceof ZipEntry)) {
      return in;
    }
    try {
      ZipEntry e = (ZipEntry) entry;
      long size = e.getSize();
      if (size >= 0 && size < AgentSettings.minBytes()) {
        return in; // never shown: not worth a wrapper
      }
      Transfer parent = zip instanceof ZipFile ? parentOf(((ZipFile) zip).getName()) : null;
      return new TallyInputStream(
          in, new Tally(Sources.AGENT_ZIP, Direction.READ, "extract", e.getName(), size, parent));
    } catch (Throwable t) {
      return in; // fail-open
    }
  }

  /**
   * After {@code ZipFile} read (or failed to read, {@code thrown} not null) the central directory
   * of the archive it reads through {@code file}, its {@code RandomAccessFile}: a failure fails the
   * file's read, so that the close the JDK does before rethrowing does not complete it.
   */
  public static void unreadable(Object file, Throwable thrown) {
    if (thrown == null || file == null) {
      return;
    }
    try {
      StreamState state = StreamRegistry.find(IoThread.current(), file);
      if (state != null) {
        state.failed(thrown);
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  private static Transfer parentOf(String path) {
    return path == null ? null : StreamRegistry.runningRead(FileNames.of(path));
  }
}
