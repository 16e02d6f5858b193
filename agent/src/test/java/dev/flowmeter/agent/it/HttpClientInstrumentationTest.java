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

/** {@code java.net.http.HttpClient} under the built agent, against a server on 127.0.0.1. */
final class HttpClientInstrumentationTest {
  private static final int SIZE = 2 * 1024 * 1024 + 5;

  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void sendAndSendAsync_areReportedWithTotalsAndLeaveOutputUnchanged() throws Exception {
    Forked plain = run(null, "plain");
    Path csv = dir.resolve("client.csv");
    Forked agent = run("flowmeter.sinks=csv:" + csv, "agent");

    assertThat(agent.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out);
    assertThat(agent.out)
        .contains("stream " + SIZE + " true", "async " + SIZE + " true", "file " + SIZE + " true")
        .contains("upload bytes 200 received " + SIZE, "upload stream 200 received " + SIZE);
    assertThat(agent.agentLines()).isEmpty();

    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).isEmpty();
    assertThat(finals)
        .filteredOn(r -> r[Csv.OPERATION].equals("download"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r[Csv.NAME]).isEqualTo(server.base() + "/data/" + SIZE))
        .allSatisfy(r -> Csv.assertMadeBy(r, "agent.http", "read"))
        .allSatisfy(r -> Csv.assertCompleted(r, SIZE, SIZE));
    assertThat(finals)
        .filteredOn(r -> r[Csv.OPERATION].equals("upload"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r[Csv.NAME]).isEqualTo(server.base() + "/upload"))
        .allSatisfy(r -> Csv.assertMadeBy(r, "agent.http", "write"))
        .allSatisfy(r -> assertThat(r[Csv.STATUS]).isEqualTo("completed"))
        .allSatisfy(r -> assertThat(r[Csv.BYTES]).isEqualTo(String.valueOf(SIZE)));
    // ofByteArray and ofFile know their length; ofInputStream does not
    assertThat(Forked.csv(csv))
        .filteredOn(r -> r[Csv.OPERATION].equals("upload") && r[Csv.STATUS].equals("starting"))
        .extracting(r -> r[Csv.TOTAL])
        .containsExactlyInAnyOrder(String.valueOf(SIZE), String.valueOf(SIZE), "");
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.NAME].endsWith("/data/100"));
  }

  @Test
  void disabled_reportsNoHttpClientTransfer() throws Exception {
    Path csv = dir.resolve("off.csv");
    Forked agent =
        run(
            "flowmeter.sinks=csv:" + csv + ";flowmeter.instrumentation.http-client.enabled=false",
            "off");
    assertThat(agent.exit).isZero();
    assertThat(agent.out).contains("async " + SIZE + " true");
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.OPERATION].equals("download"));
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.OPERATION].equals("upload"));
  }

  private static Forked run(String agentArguments, String name) throws Exception {
    Path work = Files.createDirectories(dir.resolve(name));
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(),
        HttpClientProgram.class.getName(),
        server.base(),
        String.valueOf(SIZE),
        work.toString());
  }
}
