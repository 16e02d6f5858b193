package errors;

import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import java.io.InputStream;

public class TotalBytesNotIntegral {
  @Tracked
  public void upload(InputStream in, @TotalBytes double size) {}
}
