package errors;

import dev.flowmeter.Tracked;
import java.nio.file.Path;

public class NoStream {
  @Tracked
  public void upload(Path file, byte[] data) {}
}
