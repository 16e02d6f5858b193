package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

public final class Archives {
  private Archives() {}

  @Tracked
  public static long save(InputStream in, Path target) throws IOException {
    return Files.copy(in, target);
  }
}
