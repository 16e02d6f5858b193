// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.webhook.FakeWebhook.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the agent, the sink is loaded from {@code flowmeter-webhook-extension.jar} named in {@code
 * flowmeter.extensions} (the application's class path holds none of it), reaches {@code
 * java.net.http} from there, and edits a Discord message for a file the application copies.
 *
 * <p>Run by failsafe after {@code package}, which builds the extension jar.
 */
final class WebhookAgentTest {
  @TempDir Path dir;

  @Test
  void extensionJar_underTheAgent_sendsTheCopyToDiscord() throws Exception {
    assumeTrue(
        System.getProperty("flowmeter.agent.jar") != null,
        "run by failsafe after package, which names the agent and extension jars");
    Path source = dir.resolve("backup.bin");
    Files.write(source, new byte[3 * 1024 * 1024]);
    try (FakeWebhook discord = FakeWebhook.discord()) {
      String agent =
          System.getProperty("flowmeter.agent.jar")
              + "=flowmeter.sinks=ops=webhook:"
              + discord.url()
              + ";flowmeter.sink.ops.format=discord"
              // a short program: its exit waits for the JDK's HTTP client to load and send
              + ";flowmeter.shutdown-timeout=30s"
              + ";flowmeter.extensions="
              + System.getProperty("flowmeter.webhook.extension");
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-javaagent:" + agent,
                  "-cp",
                  Path.of(
                          CopyFileProgram.class
                              .getProtectionDomain()
                              .getCodeSource()
                              .getLocation()
                              .toURI())
                      .toString(),
                  CopyFileProgram.class.getName(),
                  source.toString(),
                  dir.resolve("copy.bin").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("out.txt").toFile())
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);

      assertThat(process.exitValue()).as(out).isZero();
      assertThat(out).isEqualTo("copied 3145728" + System.lineSeparator());
      // the read of the source and the write of the copy: a message each, created then edited
      List<Request> requests = discord.requests();
      assertThat(requests).extracting(Request::method).startsWith("POST").contains("PATCH");
      assertThat(requests)
          .filteredOn(r -> r.method().equals("POST"))
          .extracting(Request::query)
          .containsOnly("wait=true");
      JsonNode read =
          requests.stream()
              .filter(r -> r.method().equals("PATCH"))
              .map(r -> r.json().get("embeds").get(0))
              .filter(e -> e.get("title").asText().equals(source.toString().replace("_", "\\_")))
              .reduce((first, second) -> second)
              .orElseThrow(() -> new AssertionError("no edit for the source: " + requests));
      assertThat(read.get("description").asText()).contains("100.0 %", "completed");
      assertThat(read.get("fields").get(0).get("value").asText()).isEqualTo("3.0 MiB of 3.0 MiB");
      System.out.println("captured Discord payload: " + requests.get(requests.size() - 1).body());
    }
  }
}
