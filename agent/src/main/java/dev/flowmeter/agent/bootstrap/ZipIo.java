// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Transfer;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.zip.ZipEntry;

/**
 * What the advice in {@code ZipInputStream} calls: each entry is a transfer of its own (name = the
 * entry name, total = its size when the archive records it), a child of the archive file's transfer
 * when the archive is read straight from a file stream the agent shows.
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

  /** After {@code getNextEntry()} returned {@code entry} (null at the end of the archive). */
  public static void nextEntry(Object zip, Object entry) {
    try {
      ended(zip);
      if (!(entry instanceof ZipEntry)) {
        return;
      }
      ZipEntry e = (ZipEntry) entry;
      Tally tally = new Tally("extract", e.getName(), e.getSize(), parentOf(zip));
      synchronized (ENTRIES) {
        ENTRIES.put(zip, tally);
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  /** After {@code read(byte[], int, int)} returned {@code n}. */
  public static void read(Object zip, int n) {
    try {
      Tally tally;
      synchronized (ENTRIES) {
        tally = ENTRIES.get(zip);
      }
      if (tally == null) {
        return;
      }
      if (n > 0) {
        tally.moved(n);
      } else if (n < 0) {
        tally.closed();
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  /** After {@code closeEntry()} or {@code close()}: the current entry, if any, is complete. */
  public static void ended(Object zip) {
    try {
      Tally tally;
      synchronized (ENTRIES) {
        tally = ENTRIES.remove(zip);
      }
      if (tally != null) {
        tally.closed();
      }
    } catch (Throwable e) {
      // fail-open
    }
  }

  private static Transfer parentOf(Object zip) {
    Object in;
    synchronized (SOURCES) {
      in = SOURCES.get(zip);
    }
    if (in == null) {
      return null;
    }
    StreamState state = StreamRegistry.find(IoThread.current(), in);
    return state == null ? null : state.transfer();
  }
}
