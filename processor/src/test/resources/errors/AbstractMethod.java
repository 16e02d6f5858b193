package errors;

import dev.flowmeter.Tracked;
import java.io.InputStream;

public abstract class AbstractMethod {
  @Tracked
  public abstract void upload(InputStream in);
}
