// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowmeter.methods.include} under the built agent: the same transfers as {@code @Tracked}.
 */
final class MethodsInstrumentationTest {
  private static final int SIZE = 3 * 1024 * 1024;
  private static final String STORE = MethodsProgram.class.getName() + "$Store";

  @TempDir static Path dir;
  static Path file;

  @BeforeAll
  static void file() throws Exception {
    file = dir.resolve("upload.bin");
    Files.write(file, new byte[SIZE / 3]);
  }

  @Test
  void namedMethods_areTrackedCallsAndLeaveOutputUnchanged() throws Exception {
    Forked plain = run(null);
    Path csv = dir.resolve("methods.csv");
    Forked agent =
        run(
            "flowmeter.sinks=csv:"
                + csv
                + ";flowmeter.methods.include="
                + STORE
                + "[upload, send];"
                + STORE
                + "[download]");

    assertThat(agent.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out).contains("send failed: refused bad");
    assertThat(agent.agentLines()).isEmpty();
    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).containsExactly("MethodsProgram.Store.send");
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("MethodsProgram.Store.upload " + file))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("read"))
        .satisfies(r -> Csv.assertMadeBy(r, "agent.tracked", "read"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE / 3));
    // the CSV sink writes a failure as "error"
    assertThat(Forked.csv(csv))
        .filteredOn(r -> r[Csv.NAME].equals("MethodsProgram.Store.send"))
        .last()
        .satisfies(r -> assertThat(r[Csv.STATUS]).isEqualTo("error"))
        .satisfies(r -> assertThat(r[Csv.BYTES]).isEqualTo("100"));
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("MethodsProgram.Store.download"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("read"))
        // the total becomes known at the end of the returned stream
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
  }

  /**
   * A copy named in {@code flowmeter.methods.include} is one transfer, as a {@code @Tracked} copy
   * is: its lifecycle lines once on the console (a pipe, so plain lines), one row on the CSV sink.
   * Before, a {@code write} child of the same name printed each line a second time.
   */
  @Test
  void copyMethod_isReportedOnce() throws Exception {
    Path csv = dir.resolve("pump.csv");
    Forked agent =
        run(
            "flowmeter.sinks=console,csv:"
                + csv
                + ";flowmeter.methods.include="
                + STORE
                + "[pump]");

    assertThat(agent.exit).isZero();
    assertThat(agent.out).contains("pumped " + SIZE);
    String pump = "MethodsProgram.Store.pump";
    List<String> console = List.of((agent.out + agent.err).split("\\R"));
    assertThat(console).filteredOn(l -> l.startsWith(pump + ": started")).hasSize(1);
    assertThat(console).filteredOn(l -> l.startsWith(pump + ": saving")).hasSize(1);
    assertThat(console).filteredOn(l -> l.startsWith(pump + " completed")).hasSize(1);
    assertThat(Forked.csv(csv))
        .filteredOn(r -> r[Csv.NAME].equals(pump))
        .extracting(r -> r[Csv.OPERATION])
        .containsOnly("copy");
    assertThat(Csv.finals(csv))
        .filteredOn(r -> r[Csv.NAME].equals(pump))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("copy"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
  }

  @Test
  void malformedValue_isOneLineAndTheProgramRunsOn() throws Exception {
    Forked plain = run(null);
    Forked agent = run("flowmeter.methods.include=" + STORE + "[upload");
    assertThat(agent.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out);
    assertThat(agent.agentLines())
        .singleElement()
        .satisfies(
            l -> assertThat(l).contains("flowmeter.methods.include", "[upload", "accepted:"));
  }

  private static Forked run(String agentArguments) throws Exception {
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(),
        MethodsProgram.class.getName(),
        file.toString(),
        String.valueOf(SIZE));
  }
}
