// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension jar under the agent: a program that knows nothing of Flowmeter copies a file, run
 * with {@code -javaagent:flowmeter-agent.jar=flowmeter.sinks=email:...;flowmeter.extensions=
 * flowmeter-email-extension.jar}, and the completion mail reaches a real SMTP server. The program's
 * class path holds its own classes only: the mail libraries come from the extension jar alone.
 */
final class ExtensionJarTest {
  static final Path AGENT = Path.of(System.getProperty("flowmeter.agent.jar"));
  static final Path EXTENSION = Path.of(System.getProperty("flowmeter.email.extension"));

  @TempDir Path dir;
  private GreenMail server;

  @BeforeEach
  void start() {
    ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(60_000);
    server = new GreenMail(setup).withConfiguration(GreenMailConfiguration.aConfig());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void copyUnderTheAgent_mailsItsCompletion() throws Exception {
    Path source = dir.resolve("backup.tar");
    Files.write(source, new byte[3 * 1024 * 1024]);
    String agentArguments =
        String.join(
            ";",
            "flowmeter.sinks=email:smtp://127.0.0.1:" + server.getSmtp().getPort(),
            "flowmeter.sink.email.from=flowmeter@example.com",
            "flowmeter.sink.email.to=ops@example.com",
            "flowmeter.sink.email.on=complete",
            "flowmeter.extensions=" + EXTENSION);

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + AGENT + "=" + agentArguments);
    command.add("-cp");
    command.add(
        Path.of(CopyFile.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
    command.add(CopyFile.class.getName());
    command.add(source.toString());
    command.add(dir.resolve("copy.tar").toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the program ended").isTrue();

    assertThat(process.exitValue()).isZero();
    assertThat(Files.readString(out, UTF_8)).contains("copied 3145728");
    assertThat(Files.readString(err, UTF_8)).isEmpty();
    // the read of the source is mailed; on JDK 17 the agent also reports the copy's write, and the
    // two go as one digest, sent at exit; on JDK 25 it reports the read alone: one mail either way
    MimeMessage[] mails = server.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(((String) mails[0].getContent()).replace("\r\n", "\n"))
        .contains("read completed: " + source + " (3.0 MiB in ");
  }
}
