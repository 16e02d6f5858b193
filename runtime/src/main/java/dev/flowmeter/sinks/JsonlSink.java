// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.LineFile;
import dev.flowmeter.sink.EventJson;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Appends one JSON object per event, one per line; see {@link JsonlSinkProvider} for the fields.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock.
 */
final class JsonlSink extends AppendingSink {
  private final StringBuilder line = new StringBuilder(512);

  JsonlSink(LineFile file) {
    super(file);
  }

  static JsonlSink open(Path path) throws IOException {
    return new JsonlSink(LineFile.open(path));
  }

  @Override
  public void onEvent(ProgressEvent event) {
    line.setLength(0);
    try {
      EventJson.write(event, line);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not throw
    }
    line.append('\n');
    add(line);
  }
}
