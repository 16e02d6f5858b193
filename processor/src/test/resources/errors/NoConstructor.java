package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public class NoConstructor {
  private NoConstructor() {}

  @Tracked
  public void upload(InputStream in) {}
}
