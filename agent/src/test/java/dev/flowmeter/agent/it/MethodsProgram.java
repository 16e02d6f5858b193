// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A program run in a forked JVM: an upload that returns, a send that throws after 100 bytes and a
 * download that returns a stream and a copy, through the untouched methods of {@link Store}, which
 * the tests name in {@code flowmeter.methods.include}. Prints what each call moved.
 */
public final class MethodsProgram {
  private MethodsProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    int size = Integer.parseInt(args[1]);
    Store store = new Store();
    System.out.println(
        "uploaded " + store.upload(Path.of(args[0]), new ByteArrayInputStream(new byte[size])));
    try {
      store.send("bad", new ByteArrayInputStream(new byte[1000]));
    } catch (IOException e) {
      System.out.println("send failed: " + e.getMessage());
    }
    try (InputStream in = store.download(size)) {
      System.out.println("downloaded " + drain(in));
    }
    System.out.println(
        "pumped "
            + store.pump(new ByteArrayInputStream(new byte[size]), new ByteArrayOutputStream()));
  }

  static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      total += n;
    }
    return total;
  }

  /** A plain class: nothing in it knows of Flowmeter. */
  static final class Store {
    long upload(Path file, InputStream in) throws IOException {
      return drain(in);
    }

    void send(String name, InputStream in) throws IOException {
      if (in.read(new byte[100]) != 100) {
        throw new IllegalStateException();
      }
      throw new IOException("refused " + name);
    }

    long pump(InputStream in, OutputStream out) throws IOException {
      return in.transferTo(out);
    }

    InputStream download(int size) {
      return new ByteArrayInputStream(new byte[size]);
    }
  }
}
