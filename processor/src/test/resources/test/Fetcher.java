package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

public abstract class Fetcher {
  @Tracked
  protected <E extends Exception> void fetch(ReadableByteChannel channel, Path file)
      throws IOException, TimeoutException, E {}

  public abstract void close();
}
