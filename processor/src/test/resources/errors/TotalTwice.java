package errors;

import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import java.io.InputStream;

public class TotalTwice {
  @Tracked(total = "size")
  public void upload(InputStream in, long size, @TotalBytes long length) {}
}
