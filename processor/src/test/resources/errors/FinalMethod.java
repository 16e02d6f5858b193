package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class FinalMethod {
  @Tracked
  public final void upload(InputStream in) {}
}
