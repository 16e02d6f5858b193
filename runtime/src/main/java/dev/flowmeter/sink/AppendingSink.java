// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * A sink that appends text to one file: it writes each event's text as it comes, flushes after each
 * batch and closes the file at the end. Used by the {@code csv} and {@code jsonl} sinks.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock.
 */
abstract class AppendingSink implements ProgressSink {
  private final Writer writer;

  AppendingSink(Writer writer) {
    this.writer = writer;
  }

  /** Appends {@code text}; an {@link IOException} reaches the dispatcher as a sink failure. */
  final void append(CharSequence text) {
    try {
      writer.append(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public final void flush() throws IOException {
    writer.flush();
  }

  @Override
  public final void close() throws IOException {
    writer.close();
  }
}
