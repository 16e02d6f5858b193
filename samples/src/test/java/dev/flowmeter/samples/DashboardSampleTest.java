// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code dashboard --port 0 --loop} in a JVM of its own and follows it over HTTP with the
 * JDK's client, as the page does: the API shows the upload group and the release operation while
 * they run, and both complete (the group with 10 of 10 files, the hostile name among them).
 */
final class DashboardSampleTest {
  private static final Pattern URL = Pattern.compile("Flowmeter: progress at (http://\\S+)");
  private static final Pattern GROUP =
      Pattern.compile(
          "\\{\"task_id\":\"\\d+\",\"state\":\"(\\w+)\",\"kind\":\"group\",\"operation\":\"upload\","
              + "\"name\":\"photos for the album\"");
  private static final Pattern OPERATION =
      Pattern.compile(
          "\\{\"task_id\":\"\\d+\",\"state\":\"(\\w+)\",\"kind\":\"operation\",\"operation\":"
              + "\"[^\"]*\",\"name\":\"Release 2.4.0\"");

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private Process process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void dashboard_showsTheGroupAndTheOperationOverHttp_untilBothComplete() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dflowmeter.history=none");
    command.add(Main.class.getName());
    command.addAll(List.of("dashboard", "--port", "0", "--rate", "16", "--loop"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    process = builder.start();
    String url = awaitUrl() + "api/progress";

    List<String> groupStates = new ArrayList<>();
    List<String> operationStates = new ArrayList<>();
    String body = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      body = get(url);
      groupStates.add(first(GROUP, body));
      operationStates.add(first(OPERATION, body));
      if (body.contains("\"kind\":\"group\"")
          && completed(GROUP, body)
          && completed(OPERATION, body)) {
        break;
      }
      Thread.sleep(100);
    }

    assertThat(groupStates).as("group states seen").contains("uploading", "completed");
    assertThat(operationStates).as("operation states seen").contains("completed");
    assertThat(body)
        .contains("\"completed_files\":10,\"total_files\":10")
        .contains("img src=x onerror=alert(1)")
        .contains("\"name\":\"Publish\",\"state\":\"completed\",\"percentage\":100.0");
    assertThat(read("out.txt")).contains("Dashboard: the address printed above (Ctrl+C stops)");
  }

  @Test
  void dashboard_withTheUsersOwnSinks_pointsAtTheAddressTheServerPrinted() throws Exception {
    // the README's way with a free port: the sample keeps the user's sinks, so its own default
    // port is not where the page is
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dflowmeter.history=none");
    command.add("-Dflowmeter.sinks=http:0");
    command.add(Main.class.getName());
    command.addAll(List.of("dashboard", "--rate", "64"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    process = builder.start();
    String url = awaitUrl();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!read("out.txt").contains("Dashboard: ") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(url).doesNotContain(":8080/");
    assertThat(read("out.txt"))
        .contains("Dashboard: the address printed above")
        .doesNotContain("8080");
  }

  /** The state of the first match of {@code pattern} in {@code body}, or {@code none}. */
  private static String first(Pattern pattern, String body) {
    Matcher m = pattern.matcher(body);
    return m.find() ? m.group(1) : "none";
  }

  /** Whether the first round's object (the first match) has completed. */
  private static boolean completed(Pattern pattern, String body) {
    return first(pattern, body).equals("completed");
  }

  private String awaitUrl() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      Matcher m = URL.matcher(read("err.txt"));
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no address; out: " + read("out.txt") + "; err: " + read("err.txt"));
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
