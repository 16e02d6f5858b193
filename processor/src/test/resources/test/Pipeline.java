package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;

public class Pipeline {
  @Tracked(operation = "upload", name = "batch")
  public long uploadAll(InputStream first, InputStream second) throws IOException {
    return part(first) + part(second);
  }

  @Tracked(operation = "upload", name = "part")
  public long part(InputStream in) throws IOException {
    return in.readAllBytes().length;
  }
}
