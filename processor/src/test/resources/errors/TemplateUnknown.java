package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;
import java.nio.file.Path;

public class TemplateUnknown {
  @Tracked(name = "upload {fil}")
  public void upload(Path file, InputStream in) {}
}
