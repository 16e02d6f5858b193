package test;

import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;

public class Downloads {
  @Tracked(operation = "download")
  public InputStream open(URI uri, @TotalBytes long length) {
    return new ByteArrayInputStream(new byte[(int) length]);
  }
}
