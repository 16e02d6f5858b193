// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Direction;
import dev.flowmeter.internal.Sources;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.zip.ZipEntry;

/**
 * What the advice in {@code ZipInputStream} calls: each entry is a transfer of its own (name = the
 * entry name, total = its size when the archive records it), a child of the archive file's transfer
 * when the archive is read straight from a file stream the agent shows.
 *
 * <p>The archive file's end of stream waits for the archive's close once its first entry is known,
 * so that an entry cut short, or a next entry that cannot be read, fails the archive's read too.
 * (An archive cut within its first entry's header ends before the agent knows it is one.)
 *
 * <p>Not for public use. Thread-safety: the maps are guarded by themselves; a zip stream is read by
 * one thread at a time, so its entry's {@link Tally} has one writer. Everything is caught.
 */
public final class ZipIo {
  private static final Map<Object, Object> SOURCES = new WeakHashMap<>();
  private static final Map<Object, Tally> ENTRIES = new WeakHashMap<>();

  private ZipIo() {}

  /** After {@code new ZipInputStream(in, ...)}: remembers what it reads. */
  public static void opened(Object zip, Object in) {
    try {
      synchronized (SOURCES) {
        SOURCES.put(zip, in);
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  /**
   * After {@code getNextEntry()} returned {@code entry} (null at the end of the archive), or threw
   * {@code thrown} (an archive cut short between two entries): then the archive file's transfer
   * fails.
   */
  public static void nextEntry(Object zip, Object entry, Throwable thrown) {
    try {
      ended(zip, thrown);
      if (thrown != null) {
        StreamState archive = archiveOf(zip);
        if (archive != null) {
          archive.failed(thrown);
        }
        return;
      }
      if (!(entry instanceof ZipEntry)) {
        return;
      }
      ZipEntry e = (ZipEntry) entry;
      Tally tally =
          Tally.above(
              Sources.AGENT_ZIP,
              Direction.READ,
              "extract",
              e.getName(),
              e.getSize(),
              archiveOf(zip));
      synchronized (ENTRIES) {
        ENTRIES.put(zip, tally);
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  /** The tally of the entry {@code zip} is reading, or {@code null}. */
  static Tally entryOf(Object zip) {
    synchronized (ENTRIES) {
      return ENTRIES.get(zip);
    }
  }

  /**
   * After {@code read(byte[], int, int)} returned {@code n} (-1 at the end of the entry), or threw
   * {@code thrown}: a failed read fails the archive file's transfer too.
   */
  public static void read(Object zip, int n, Throwable thrown) {
    try {
      Tally tally = entryOf(zip);
      if (tally == null) {
        return;
      }
      tally.after(zip, n, thrown);
    } catch (Throwable e) {
      // fail-open
    }
  }

  /**
   * After {@code closeEntry()} or {@code close()}: the current entry, if any, is complete, or
   * failed when the call threw {@code thrown}.
   */
  public static void ended(Object zip, Throwable thrown) {
    try {
      Tally tally;
      synchronized (ENTRIES) {
        tally = ENTRIES.remove(zip);
      }
      if (tally != null) {
        tally.ended(thrown);
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  /** The file stream the archive is read from, when the agent counts it. */
  private static StreamState archiveOf(Object zip) {
    Object in;
    synchronized (SOURCES) {
      in = SOURCES.get(zip);
    }
    return in == null ? null : StreamRegistry.find(IoThread.current(), in);
  }
}
