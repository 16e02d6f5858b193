// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;

/**
 * A sink that appends lines to one file: it adds each event's line as it comes, writes them after
 * each batch and closes the file at the end. Used by the {@code csv} and {@code jsonl} sinks.
 *
 * <p>A file that cannot be written (a full disk) fails the batch's {@link #flush()} with one {@link
 * IOException} naming the file and the cause, which the dispatcher reports; {@link #onEvent} never
 * throws, and the file never holds a broken line (see {@link LineFile}).
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock.
 */
abstract class AppendingSink implements ProgressSink {
  private final LineFile file;

  AppendingSink(LineFile file) {
    this.file = file;
  }

  /** Adds {@code line}, which ends with a line break, to what the next flush writes. */
  final void add(CharSequence line) {
    file.add(line);
  }

  @Override
  public final void flush() throws IOException {
    file.write();
  }

  @Override
  public final void close() throws IOException {
    file.close();
  }
}
