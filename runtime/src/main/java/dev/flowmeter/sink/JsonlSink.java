// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.JsonWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * Appends one JSON object per event, one per line; see {@link JsonlSinkProvider} for the fields.
 *
 * <p>Called from one dispatcher thread only (see {@link ProgressSink}), so it holds no lock.
 */
final class JsonlSink extends AppendingSink {
  private final StringBuilder line = new StringBuilder(512);

  private JsonlSink(Writer writer) {
    super(writer);
  }

  static JsonlSink open(Path path) throws IOException {
    return new JsonlSink(SinkFiles.append(path));
  }

  @Override
  public void onEvent(ProgressEvent event) {
    line.setLength(0);
    JsonWriter json = new JsonWriter(line).beginObject();
    json.name("time").value(event.time());
    EventJson.transfer(json, event);
    json.name("lifecycle").value(event.isLifecycle());
    json.name("final").value(event.isFinal());
    json.name("etaSeconds");
    if (event.eta().isPresent()) {
      json.value(event.eta().get().toNanos() / 1e9);
    } else {
      json.nullValue();
    }
    json.endObject();
    line.append('\n');
    append(line);
  }
}
