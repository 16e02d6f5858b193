package errors;

import dev.flowmeter.Tracked;
import java.io.FileInputStream;
import java.io.OutputStream;

public class SubtypeParameter {
  @Tracked
  public void copy(FileInputStream in, OutputStream out) {}
}
