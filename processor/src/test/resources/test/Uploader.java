package test;

import dev.flowmeter.Tracked;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

public class Uploader {
  private final String host;

  public Uploader(String host) {
    this.host = host;
  }

  protected Uploader(String host, int port) throws IOException {
    this(host + ":" + port);
  }

  private Uploader() {
    this("localhost");
  }

  @Tracked(operation = "upload", name = "upload {file} to {host}")
  public void upload(Path file, InputStream in, String host) throws IOException {
    in.transferTo(java.io.OutputStream.nullOutputStream());
  }

  public String host() {
    return host;
  }
}
