// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A private Prometheus server for {@link FleetTest}: Debian's {@code prometheus} binary with a
 * generated configuration that scrapes the given targets every second, its own data directory, and
 * its HTTP API on 127.0.0.1 and a free port, so it never meets a Prometheus the machine runs as a
 * service. Its log stays in the directory given, for a failed run to be read.
 *
 * <p>Without {@code prometheus} on the {@code PATH} the test is skipped, unless {@code CI} is set:
 * then it fails, so that CI never passes without having run it ({@code .ci/install-tools} installs
 * Debian's {@code prometheus}).
 */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI api;
  private final Path log;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Thread onExit;

  private PrometheusServer(Process process, URI api, Path log) {
    this.process = process;
    this.api = api;
    this.log = log;
    // a test JVM stopped before close() (a timeout, Ctrl+C) must not leave the server running
    this.onExit = new Thread(process::destroyForcibly, "prometheus-stop");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /**
   * Starts a server scraping {@code targets} ({@code host:port}) every second as job {@code
   * flowmeter}, and waits until it is ready; skips (fails under CI) when Prometheus is missing.
   */
  static PrometheusServer start(Path dir, int port, List<String> targets) throws Exception {
    Path binary = binary();
    if (binary == null) {
      String message = "Prometheus is not installed (apt-get install prometheus)";
      if (System.getenv("CI") != null) {
        fail(message + "; CI needs it: run .ci/install-tools");
      }
      assumeTrue(false, message);
    }
    Path config =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            "global:\n"
                + "  scrape_interval: 1s\n"
                + "  scrape_timeout: 1s\n"
                + "scrape_configs:\n"
                + "  - job_name: flowmeter\n"
                + "    static_configs:\n"
                + "      - targets: ["
                + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
                + "]\n",
            StandardCharsets.UTF_8);
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, URI.create("http://127.0.0.1:" + port + "/"), log);
    try {
      server.awaitReady();
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The log Prometheus wrote so far, for a failure's message. */
  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /**
   * Runs an instant query, and returns its {@code data.result} array.
   *
   * @throws AssertionError when Prometheus answers anything but {@code status: success}
   */
  JsonNode query(String promql) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    api.resolve(
                        "api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new AssertionError(
          "query " + promql + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return body.path("data").path("result");
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited (" + process.exitValue() + "):\n" + log());
      }
      try {
        HttpResponse<Void> ready =
            client.send(
                HttpRequest.newBuilder(api.resolve("-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet: try again until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("prometheus not ready in 20 s:\n" + log());
      }
      Thread.sleep(100);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for it to end. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException exiting) {
      // the JVM is exiting: the hook stops the server
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A port free on 127.0.0.1 when asked. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static @Nullable Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "prometheus"))) {
        return Path.of(dir, "prometheus");
      }
    }
    return null;
  }
}
