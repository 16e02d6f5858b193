package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public final class FinalClass {
  @Tracked
  public void upload(InputStream in) {}
}
