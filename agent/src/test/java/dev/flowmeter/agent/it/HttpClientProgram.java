// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program run in a forked JVM: with {@code java.net.http.HttpClient} against {@code <base>},
 * downloads {@code <size>} bytes with {@code ofInputStream}, {@code ofByteArray} (async) and {@code
 * ofFile} into {@code <dir>}, a small body with {@code ofString}, and uploads {@code <size>} bytes
 * with {@code ofByteArray}, {@code ofFile} and {@code ofInputStream}. Prints what it moved.
 */
public final class HttpClientProgram {
  private HttpClientProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    String base = args[0];
    int size = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI data = URI.create(base + "/data/" + size + "?token=abc");

    HttpResponse<InputStream> stream =
        client.send(
            HttpRequest.newBuilder(data).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = stream.body()) {
      System.out.println("stream " + check(in.readAllBytes()));
    }
    HttpResponse<byte[]> bytes =
        client
            .sendAsync(
                HttpRequest.newBuilder(data).build(), HttpResponse.BodyHandlers.ofByteArray())
            .get();
    System.out.println("async " + check(bytes.body()));
    Path file = dir.resolve("download.bin");
    HttpResponse<Path> saved =
        client.send(HttpRequest.newBuilder(data).build(), HttpResponse.BodyHandlers.ofFile(file));
    System.out.println("file " + check(Files.readAllBytes(saved.body())));
    HttpResponse<String> small =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/data/100")).build(),
            HttpResponse.BodyHandlers.ofString());
    System.out.println("small " + small.body().length());

    byte[] body = new byte[size];
    Path upload = dir.resolve("upload.bin");
    Files.write(upload, body);
    URI target = URI.create(base + "/upload?id=1");
    System.out.println(
        "upload bytes " + post(client, target, HttpRequest.BodyPublishers.ofByteArray(body)));
    System.out.println(
        "upload file " + post(client, target, HttpRequest.BodyPublishers.ofFile(upload)));
    System.out.println(
        "upload stream "
            + post(
                client,
                target,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  private static String post(HttpClient client, URI target, HttpRequest.BodyPublisher publisher)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(target).POST(publisher).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static String check(byte[] bytes) {
    boolean same = true;
    for (int i = 0; i < bytes.length; i++) {
      same &= bytes[i] == TestServer.at(i);
    }
    return bytes.length + " " + same;
  }
}
