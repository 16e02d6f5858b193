package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;

public class Writers {
  @Tracked
  public void write(OutputStream out, byte[] data) throws IOException {
    out.write(data);
  }

  @Tracked
  public void write(WritableByteChannel out, byte[] data) throws IOException {
    out.write(java.nio.ByteBuffer.wrap(data));
  }
}
