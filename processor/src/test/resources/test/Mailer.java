package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

class Mailer {
  @Tracked(operation = "send")
  void send(OutputStream out, String... lines) throws IOException {
    for (String line : lines) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
    }
  }
}
