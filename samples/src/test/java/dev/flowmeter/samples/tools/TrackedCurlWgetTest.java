// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowmeter.process.ProgressParser;
import dev.flowmeter.process.ProgressParsers;
import dev.flowmeter.process.TrackedProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl and wget downloading 8 MiB from a server on 127.0.0.1 that sends it in about three seconds,
 * so that their meters print several lines; and a 404.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TrackedCurlWgetTest {
  private static final int SIZE = 8 << 20;
  private static final int CHUNK = 64 << 10;
  private static final long PAUSE_MILLIS = 25; // 128 chunks: about 3.2 s

  private static HttpServer server;
  private static ExecutorService executor;

  @TempDir Path dir;

  @BeforeAll
  static void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/big.bin", TrackedCurlWgetTest::sendSlowly);
    server.createContext(
        "/missing.bin",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void sendSlowly(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, SIZE);
    byte[] chunk = new byte[CHUNK];
    try (OutputStream body = exchange.getResponseBody()) {
      for (int sent = 0; sent < SIZE; sent += CHUNK) {
        body.write(chunk);
        body.flush();
        Thread.sleep(PAUSE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private Tools.Recorder download(List<String> command, ProgressParser parser, int status)
      throws Exception {
    Tools.Recorder recorder = new Tools.Recorder();
    TrackedProcess run =
        TrackedProcess.builder(new ProcessBuilder(command), parser)
            .operation("download")
            .discardOutput()
            .listener(recorder)
            .start();
    assertThat(run.waitFor()).isEqualTo(status);
    return recorder;
  }

  @Test
  void curl_progressMeter_risesTo100() throws Exception {
    Tools.require("curl");
    Path target = dir.resolve("big.bin");

    download(
            List.of("curl", "-f", "-o", target.toString(), url("/big.bin")),
            ProgressParsers.curl(),
            0)
        .assertRoseTo100AndCompleted(2);

    assertThat(target).hasSize(SIZE);
  }

  @Test
  void curl_404_fails() throws Exception {
    Tools.require("curl");

    download(
            List.of("curl", "-f", "-o", dir.resolve("x").toString(), url("/missing.bin")),
            ProgressParsers.curl(),
            22)
        .assertFailedWith("exit status 22: curl: (22) The requested URL returned error: 404");
  }

  @Test
  void wget_bar_risesTo100() throws Exception {
    Tools.require("wget");
    Path target = dir.resolve("big.bin");

    download(
            List.of("wget", "--progress=bar:force", "-O", target.toString(), url("/big.bin")),
            ProgressParsers.wget(),
            0)
        .assertRoseTo100AndCompleted(3);

    assertThat(target).hasSize(SIZE);
  }

  @Test
  void wget_dots_risesTo100() throws Exception {
    Tools.require("wget");

    download(
            List.of(
                "wget", "--progress=dot", "-O", dir.resolve("big.bin").toString(), url("/big.bin")),
            ProgressParsers.wget(),
            0)
        .assertRoseTo100AndCompleted(3);
  }

  @Test
  void wget_404_fails() throws Exception {
    Tools.require("wget");

    download(
            List.of("wget", "-O", dir.resolve("x").toString(), url("/missing.bin")),
            ProgressParsers.wget(),
            8)
        .assertFailedWith("ERROR 404");
  }
}
