package test;

import dev.flowmeter.TotalBytes;
import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;

public interface BlobStore {
  @Tracked(operation = "upload", name = "put {key}")
  String put(String key, InputStream data, @TotalBytes long size) throws IOException;

  void delete(String key) throws IOException;
}
