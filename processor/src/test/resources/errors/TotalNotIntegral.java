package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class TotalNotIntegral {
  @Tracked(total = "size")
  public void upload(InputStream in, String size) {}
}
