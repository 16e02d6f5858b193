package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;

public class Deferred {
  @Tracked
  public Receipt upload(InputStream in) throws IOException {
    return new Receipt();
  }
}
