// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A program run in a forked JVM: with {@code HttpURLConnection} against {@code <base>}, downloads
 * {@code <size>} bytes (URL with credentials and a query string), downloads a small body, and
 * uploads {@code <size>} bytes with fixed-length and with chunked streaming. Prints what it moved.
 */
public final class HttpUrlConnectionProgram {
  private HttpUrlConnectionProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    String base = args[0];
    int size = Integer.parseInt(args[1]);
    String withSecrets = base.replace("http://", "http://user:secret@");
    System.out.println("download " + download(withSecrets + "/data/" + size + "?token=abc"));
    System.out.println("small " + download(base + "/data/100"));
    System.out.println("fixed " + upload(base + "/upload?id=1", size, true));
    System.out.println("chunked " + upload(base + "/upload?id=2", size, false));
  }

  private static String download(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    int code = c.getResponseCode();
    long count = 0;
    long sum = 0;
    boolean same = true;
    try (InputStream in = c.getInputStream()) {
      same = in == c.getInputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          same &= buffer[i] == TestServer.at(count + i);
          sum += buffer[i] & 0xff;
        }
        count += n;
      }
    }
    return code + " " + count + " " + sum + " " + same;
  }

  private static String upload(String url, int size, boolean fixed) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setDoOutput(true);
    c.setRequestMethod("POST");
    if (fixed) {
      c.setFixedLengthStreamingMode((long) size);
    } else {
      c.setChunkedStreamingMode(16384);
    }
    try (OutputStream out = c.getOutputStream()) {
      byte[] buffer = new byte[8192];
      for (int i = 0; i < size; ) {
        int len = Math.min(buffer.length, size - i);
        out.write(buffer, 0, len);
        i += len;
      }
    }
    try (InputStream in = c.getInputStream()) {
      return c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
