package errors;

import dev.flowmeter.TotalBytes;
import java.io.InputStream;

public class StrayTotalBytes {
  public void upload(InputStream in, @TotalBytes long size) {}
}
