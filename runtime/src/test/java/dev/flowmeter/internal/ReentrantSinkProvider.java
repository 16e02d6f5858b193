// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test sink, {@code test-reentrant:<path>}, whose provider calls {@link Flowmeter} inside {@code
 * create}, as a sink that wants the live transfers may: it writes what it saw to the file. Calling
 * {@code Flowmeter.transfers()} there used to create the tracker again, and again, until the stack
 * overflowed.
 */
public final class ReentrantSinkProvider implements SinkProvider {
  @Override
  public String name() {
    return "test-reentrant";
  }

  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    Path path = Path.of(context.requireArgument("test-reentrant:<path>"));
    int transfers = Flowmeter.transfers().size();
    boolean flushed = Flowmeter.flush(1000);
    Files.writeString(
        path, "transfers " + transfers + " flushed " + flushed + "\n", StandardCharsets.UTF_8);
    return event -> {};
  }
}
