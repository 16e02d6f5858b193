package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

public class Codec<T extends CharSequence> {
  @Tracked
  public <R extends Comparable<R>> List<T> decode(
      InputStream in, Class<R> type, Map<String, ? extends T> hints) throws IOException {
    return List.of();
  }
}
