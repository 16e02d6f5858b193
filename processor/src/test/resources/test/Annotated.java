package test;

import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;

public class Annotated {
  @Tracked(name = "{name}")
  public void store(
      @Label("the name") String name, @Label("data") InputStream in, @TotalBytes final long size)
      throws IOException {}
}
