// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The http sink bundled in the agent, on an unmodified program ({@link HttpSinkProgram}) with
 * {@code flowmeter.sinks=http:0}: its address is printed, its API shows the program's copy, its
 * classes stay out of the application's reach, its libraries print nothing, {@code GET /metrics}
 * serves the copy's bytes (the otel bundle's endpoint), an application's own (older) Undertow runs
 * beside it, and without {@code http} in the sinks nothing of it, nor of the otel bundle, is
 * loaded.
 */
final class HttpSinkAgentTest {
  private static final Pattern URL = Pattern.compile("Flowmeter: progress at (http://\\S+)");
  private static final Pattern APP = Pattern.compile("app server (http://\\S+) (\\S+)");
  private static final int SIZE = 8 << 20;

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
  void httpSink_showsTheCopy_printsOnlyItsAddress_andStaysHidden() throws Exception {
    Path target = start(Forked.classPath(), false);
    String url = await(URL).group(1);
    await(Pattern.compile("halfway \\d+"));

    String half = get(url + "api/progress?operation=read");
    assertThat(half)
        .contains("\"name\":" + json(dir.resolve("source.bin")))
        .contains("\"state\":\"transferring\"")
        .contains("\"total_bytes\":" + SIZE);

    Files.createFile(Path.of(target + ".go"));
    await(Pattern.compile("copied " + SIZE));
    // the completion reaches the server on the reporter's thread, a moment after the last write
    String done = awaitBody(url + "api/progress?status=finished&operation=read", "completed");
    assertThat(done).contains("\"percentage\":100.0");
    // GET /metrics: the otel bundle's endpoint, which the agent reads with the http sink
    String metrics = awaitBody(url + "metrics", "flowmeter_bytes_total{");
    assertThat(metrics.lines())
        .filteredOn(line -> line.startsWith("flowmeter_bytes_total{"))
        .filteredOn(line -> line.contains("direction=\"read\""))
        .singleElement()
        .asString()
        .contains("source=\"agent.file\"")
        .endsWith(" " + SIZE + ".0");

    Files.createFile(Path.of(target + ".exit"));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out())
        .contains("visible dev.flowmeter.http.HttpSinkProvider false")
        .contains("visible dev.flowmeter.agent.shaded.http.io.undertow.Undertow false");
    // no line of Undertow, XNIO or JBoss logging: the address is all the agent adds
    assertThat(err().strip()).isEqualTo("Flowmeter: progress at " + url);
  }

  @Test
  void applicationsOwnUndertow_runsBesideTheAgents() throws Exception {
    List<Path> libraries = new ArrayList<>();
    try (Stream<Path> files = Files.list(Forked.LIBS)) {
      files.filter(f -> f.getFileName().toString().startsWith("app-")).forEach(libraries::add);
    }
    Path target = start(Forked.classPath(libraries.toArray(new Path[0])), true);
    Matcher app = await(APP);
    String url = await(URL).group(1);
    await(Pattern.compile("halfway \\d+"));

    assertThat(app.group(2)).isEqualTo("2.3.27.Final");
    assertThat(get(app.group(1))).isEqualTo("app 2.3.27.Final");
    assertThat(get(url + "api/progress?operation=read")).contains("\"state\":\"transferring\"");

    Files.createFile(Path.of(target + ".go"));
    await(Pattern.compile("copied " + SIZE));
    assertThat(get(app.group(1))).isEqualTo("app 2.3.27.Final");
    Files.createFile(Path.of(target + ".exit"));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    // the application's Undertow logs as it always does; the agent's copy says nothing
    assertThat(err()).contains("2.3.27.Final").doesNotContain("2.4.").doesNotContain("shaded");
  }

  @Test
  void withoutHttpInTheSinks_nothingOfTheBundleIsLoaded() throws Exception {
    Path log = dir.resolve("classes.log");
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[2 << 20]);
    Forked agent =
        Forked.runWith(
            dir,
            List.of("-Xlog:class+load=info:file=" + log),
            "flowmeter.sinks=console",
            Forked.classPath(),
            CopyProgram.class.getName(),
            source.toString(),
            source.toString(),
            dir.resolve("target.bin").toString());

    assertThat(agent.exit).isZero();
    String loaded = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(loaded).contains("dev.flowmeter.agent.installer.AgentInstaller");
    assertThat(loaded)
        .doesNotContain("dev.flowmeter.http.")
        .doesNotContain("dev.flowmeter.agent.shaded.http.")
        .doesNotContain("dev.flowmeter.otel.")
        .doesNotContain("dev.flowmeter.agent.shaded.otel.")
        .doesNotContain("io.opentelemetry.")
        .doesNotContain("BundleClassLoader");
  }

  /**
   * Starts {@link HttpSinkProgram} under the agent on a {@value #SIZE}-byte file; returns its
   * target.
   */
  private Path start(String classPath, boolean own) throws IOException {
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[SIZE]);
    Path target = dir.resolve("target.bin");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + Forked.AGENT + "=flowmeter.sinks=http:0;flowmeter.agent.delay=0");
    command.add("-cp");
    command.add(classPath);
    command.add(HttpSinkProgram.class.getName());
    command.add(source.toString());
    command.add(target.toString());
    if (own) {
      command.add("own");
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    process = builder.start();
    return target;
  }

  private String out() {
    return read("out.txt");
  }

  private String err() {
    return read("err.txt");
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits (at most a minute) until {@code pattern} is found in the program's output. */
  private Matcher await(Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      for (String text : List.of(out(), err())) {
        Matcher m = pattern.matcher(text);
        if (m.find()) {
          return m;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no '"
            + pattern
            + "'; out: "
            + out()
            + "; err: "
            + err()
            + "; threads: "
            + Forked.threads(process));
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  /** GETs {@code url} until its body contains {@code expected} (at most ten seconds). */
  private String awaitBody(String url, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String body = get(url);
    while (!body.contains(expected) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      body = get(url);
    }
    return body;
  }

  /** {@code path} as a JSON string (a temporary folder's name needs no escape). */
  private static String json(Path path) {
    return "\"" + path + "\"";
  }
}
