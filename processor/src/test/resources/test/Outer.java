package test;

import dev.flowmeter.Tracked;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;

public class Outer {
  public static class Inner {
    @Tracked
    public int read(File file, InputStream in) throws IOException {
      return in.readAllBytes().length;
    }
  }
}
