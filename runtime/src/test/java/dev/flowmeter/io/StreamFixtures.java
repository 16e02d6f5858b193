// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Trackers and delegate streams shared by the counting-wrapper tests. */
public final class StreamFixtures {
  private StreamFixtures() {}

  /** A tracker with a manual clock and no reporter thread; shut it down after the test. */
  public static Tracker manualTracker() {
    return new Tracker(
        Tracker.Settings.defaults(),
        () -> 1_000_000L,
        Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
        false);
  }

  /**
   * Asserts the count a wrapper shows: the {@code position} its stream reached while the transfer
   * runs, and once the transfer ended the count of its final event, for ever (a stream that still
   * answers after {@code close()} moves on uncounted; issue 7, "numbers are frozen once ended").
   */
  public static void assertCount(TransferImpl transfer, long position, String description) {
    if (transfer.isDone()) {
      assertThat(transfer.bytes()).as(description).isEqualTo(transfer.snapshot().bytes());
    } else {
      assertThat(transfer.bytes()).as(description).isEqualTo(position);
    }
  }

  /**
   * Whether a transparency test's result string ({@code "threw <class>: <message>"}) says the call
   * threw an {@link IOException}: the one kind of exception that may fail a transfer. An unchecked
   * exception is the raw stream refusing the caller's arguments, which must leave it running.
   */
  public static boolean threwIoException(String result) {
    if (!result.startsWith("threw ")) {
      return false;
    }
    String name = result.substring("threw ".length(), result.indexOf(':'));
    try {
      return IOException.class.isAssignableFrom(Class.forName(name));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Asserts that each call throws what a cancelled transfer's wrapper throws, with {@code message}.
   */
  public static void assertEachStopped(String message, ThrowingCallable... calls) {
    for (ThrowingCallable call : calls) {
      assertThat(catchThrowable(call))
          .isInstanceOf(InterruptedIOException.class)
          .hasMessage(message);
    }
  }

  /** Distinct, reproducible content of {@code size} bytes. */
  public static byte[] content(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  /**
   * An input stream over {@code content} that throws an {@link IOException} when a read reaches
   * position {@code failAt} (never, when {@code failAt} is past the end). It overrides only the two
   * {@code read} methods, so every other method is {@link InputStream}'s default.
   */
  public static final class FailingInputStream extends InputStream {
    private final byte[] content;
    private final int failAt;
    private int pos;

    FailingInputStream(byte[] content, int failAt) {
      this.content = content;
      this.failAt = failAt;
    }

    @Override
    public int read() throws IOException {
      if (pos >= content.length) {
        return -1;
      }
      if (pos >= failAt) {
        throw new IOException("broken at byte " + pos);
      }
      return content[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos >= content.length) {
        return -1;
      }
      if (pos >= failAt) {
        throw new IOException("broken at byte " + pos);
      }
      int n = Math.min(len, Math.min(content.length, failAt) - pos);
      System.arraycopy(content, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /**
   * An output stream that keeps what it accepts and throws an {@link IOException} once a write
   * would take it past {@code capacity} bytes (it accepts the part that fits, then throws).
   */
  public static final class FailingOutputStream extends OutputStream {
    private final ByteArrayOutputStream accepted = new ByteArrayOutputStream();
    private final int capacity;

    FailingOutputStream(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void write(int b) throws IOException {
      if (accepted.size() >= capacity) {
        throw new IOException("full at byte " + accepted.size());
      }
      accepted.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      int fits = Math.min(len, capacity - accepted.size());
      accepted.write(b, off, fits);
      if (fits < len) {
        throw new IOException("full at byte " + accepted.size());
      }
    }

    byte[] toByteArray() {
      return accepted.toByteArray();
    }
  }

  /** An output stream that records the length of every call it receives, and its closes. */
  public static final class RecordingOutputStream extends OutputStream {
    final List<String> calls = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      calls.add("write(int)");
      bytes.write(b);
    }

    @Override
    public void write(byte[] b) {
      calls.add("write(byte[" + b.length + "])");
      bytes.write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      calls.add("write(byte[], " + off + ", " + len + ")");
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {
      calls.add("flush()");
    }

    @Override
    public void close() {
      calls.add("close()");
    }
  }
}
