package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public enum EnumMethod {
  INSTANCE;

  @Tracked
  public void upload(InputStream in) {}
}
