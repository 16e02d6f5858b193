package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

public interface Channels {
  InputStream source() throws IOException;

  @Tracked(operation = "copy")
  default long pump(OutputStream out) throws IOException {
    try (InputStream in = source()) {
      return in.transferTo(out);
    }
  }

  default String label() {
    return "channels";
  }
}
