// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code HttpURLConnection} under the built agent, against a server on 127.0.0.1. */
final class HttpUrlConnectionInstrumentationTest {
  private static final int SIZE = 3 * 1024 * 1024 + 11;

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
  void downloadsAndStreamedUploads_areReportedWithTotalsAndLeaveOutputUnchanged() throws Exception {
    Forked plain = run(null);
    Path csv = dir.resolve("http.csv");
    Forked agent = run("flowmeter.sinks=csv:" + csv);

    assertThat(agent.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out).contains("download 200 " + SIZE);
    assertThat(agent.out).contains("fixed 200 received " + SIZE, "chunked 200 received " + SIZE);
    assertThat(agent.agentLines()).isEmpty();

    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).isEmpty();
    String name = server.base() + "/data/" + SIZE;
    assertThat(finals)
        .filteredOn(r -> r[Csv.OPERATION].equals("download"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.NAME]).isEqualTo(name))
        .satisfies(r -> Csv.assertMadeBy(r, "agent.http", "read"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
    List<String[]> uploads =
        finals.stream().filter(r -> r[Csv.OPERATION].equals("upload")).collect(Collectors.toList());
    assertThat(uploads)
        .extracting(r -> r[Csv.NAME])
        .containsExactlyInAnyOrder(server.base() + "/upload", server.base() + "/upload");
    assertThat(uploads)
        .allSatisfy(r -> assertThat(r[Csv.STATUS]).isEqualTo("completed"))
        .allSatisfy(r -> Csv.assertMadeBy(r, "agent.http", "write"))
        .allSatisfy(r -> assertThat(r[Csv.BYTES]).isEqualTo(String.valueOf(SIZE)))
        // a chunked upload's total is unknown until it completes
        .allSatisfy(r -> assertThat(r[Csv.TOTAL]).isEqualTo(String.valueOf(SIZE)));
    assertThat(Forked.csv(csv))
        .filteredOn(r -> r[Csv.OPERATION].equals("upload") && r[Csv.STATUS].equals("starting"))
        .extracting(r -> r[Csv.TOTAL])
        .containsExactlyInAnyOrder(String.valueOf(SIZE), "");
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.NAME].contains("secret"));
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.NAME].endsWith("/data/100"));
  }

  @Test
  void disabled_reportsNoHttpTransfer() throws Exception {
    Path csv = dir.resolve("off.csv");
    Forked agent =
        run(
            "flowmeter.sinks=csv:"
                + csv
                + ";flowmeter.instrumentation.http-url-connection.enabled=false");
    assertThat(agent.exit).isZero();
    assertThat(agent.out).contains("download 200 " + SIZE);
    assertThat(Forked.csv(csv)).isEmpty();
  }

  private static Forked run(String agentArguments) throws Exception {
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(),
        HttpUrlConnectionProgram.class.getName(),
        server.base(),
        String.valueOf(SIZE));
  }
}
