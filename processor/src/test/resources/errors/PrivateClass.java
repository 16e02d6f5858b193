package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class PrivateClass {
  private static class Hidden {
    @Tracked
    public void upload(InputStream in) {}
  }
}
