package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class TotalUnknown {
  @Tracked(total = "length")
  public void upload(InputStream in, long size) {}
}
