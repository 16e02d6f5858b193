package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class PrivateMethod {
  @Tracked
  private void upload(InputStream in) {}
}
