package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class Unresolved {
  @Tracked
  public void upload(InputStream in, Missing metadata) {}
}
