// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks the agent writes into the JDK's classes pass the JVM's own bytecode verifier, which
 * does not look at the JDK's classes unless asked to ({@code -XX:+BytecodeVerificationLocal}); with
 * the cancel check too ({@code flowmeter.agent.cancel=interrupt}), and with every method ending in
 * each way it can. A hook that broke a method's code would fail it with a {@code VerifyError}.
 */
final class HookVerificationTest {
  private static final List<String> VERIFY =
      List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal");
  private static TestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void fileChannelZipAndGzipHooks_passTheVerifier_andChangeNoOutput() throws Exception {
    Path plainDir = Files.createDirectories(dir.resolve("plain"));
    Path agentDir = Files.createDirectories(dir.resolve("agent"));
    Path jsonl = dir.resolve("all.jsonl");
    Forked plain =
        Forked.runWith(
            dir, VERIFY, null, Forked.classPath(), AllHooksProgram.class.getName(), plainDir + "");
    Forked agent =
        Forked.runWith(
            dir,
            VERIFY,
            "flowmeter.sinks=jsonl:"
                + jsonl
                + ";flowmeter.agent.cancel=interrupt;flowmeter.agent.min-bytes=1",
            Forked.classPath(),
            AllHooksProgram.class.getName(),
            agentDir.toString());

    assertThat(plain.exit).as(plain.err).isZero();
    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.err).doesNotContain("VerifyError").doesNotContain("flowmeter-agent");
    assertThat(agent.out).isEqualTo(plain.out).contains("broken zip ZipException");
    assertThat(Files.readString(jsonl))
        .contains("\"operation\":\"write\"", "\"operation\":\"read\"", "\"operation\":\"copy\"")
        .contains("a.gz (gzip)", "a.gz (gunzip)", "\"operation\":\"extract\"", "one.bin");
  }

  @Test
  void httpHooks_passTheVerifier() throws Exception {
    for (Class<?> program : List.of(HttpUrlConnectionProgram.class, HttpClientProgram.class)) {
      Forked agent =
          Forked.runWith(
              dir,
              VERIFY,
              "flowmeter.sinks=none;flowmeter.agent.cancel=interrupt",
              Forked.classPath(),
              program.getName(),
              server.base(),
              "200000",
              dir.toString());
      assertThat(agent.exit).as(program + ": " + agent.err).isZero();
      assertThat(agent.err).as(program.getName()).doesNotContain("VerifyError");
      assertThat(agent.agentLines()).as(program.getName()).isEmpty();
    }
  }
}
