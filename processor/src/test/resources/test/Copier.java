package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

public class Copier {
  @Tracked(total = "size", name = "{name}")
  public long copy(String name, InputStream in, OutputStream out, int size) throws IOException {
    return in.transferTo(out);
  }
}
