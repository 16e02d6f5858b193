package lifecycle;

import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import dev.flowmeter.testing.lifecycle.LifecycleReader;
import dev.flowmeter.testing.lifecycle.LifecycleSource;
import java.io.IOException;
import java.io.InputStream;

/** The two shapes of a @Tracked read, through which the processor's LifecycleTest runs. */
public class TrackedReads {
  /** Returns a stream: the caller's reads count, and its end of stream or close ends the call. */
  @Tracked(name = "{label}")
  public InputStream open(String label, LifecycleSource source, @TotalBytes long total)
      throws IOException {
    return source.open();
  }

  /** Reads its parameter: the method's return or exception ends the call. */
  @Tracked(name = "{label}")
  public long read(String label, InputStream in, @TotalBytes long total, LifecycleReader reader)
      throws IOException {
    return reader.read(in);
  }
}
