package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class InnerClass {
  public class Inner {
    @Tracked
    public void upload(InputStream in) {}
  }
}
