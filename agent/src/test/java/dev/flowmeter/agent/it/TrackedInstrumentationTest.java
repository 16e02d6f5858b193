// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Tracked;
import dev.flowmeter.processor.TrackedProcessor;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Tracked} honoured by the built agent in classes compiled without the processor. */
final class TrackedInstrumentationTest {
  private static final int SIZE = 2 * 1024 * 1024;

  @TempDir static Path dir;

  @Test
  void annotatedMethods_withoutProcessor_areTrackedAndLeaveOutputUnchanged() throws Exception {
    Forked plain = run(null);
    Path csv = dir.resolve("tracked.csv");
    Forked agent = run("flowmeter.sinks=csv:" + csv);

    assertThat(agent.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out).contains("ship failed: no size for broken");
    assertThat(agent.agentLines()).isEmpty();
    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).containsExactly("ship broken");
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("ship crate"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("upload"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
    // the total set inside the method through Flowmeter.currentTracked(): the announced size,
    // not the bytes that came (the total a completed transfer of unknown total gets)
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("fetch crate"))
        .singleElement()
        .satisfies(r -> assertThat(r[Csv.OPERATION]).isEqualTo("download"))
        .satisfies(r -> Csv.assertCompleted(r, SIZE / 2, SIZE));
    // a copy is one transfer counting the bytes read
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("TrackedProgram.Shipper.copy"))
        .extracting(r -> r[Csv.OPERATION] + " " + r[Csv.BYTES])
        .containsExactly("copy " + SIZE);
    assertThat(Forked.csv(csv))
        .filteredOn(r -> r[Csv.NAME].equals("ship broken"))
        .last()
        .satisfies(r -> assertThat(r[Csv.STATUS]).isEqualTo("error"));
  }

  /**
   * A file handed to a {@code @Tracked} method as a plain {@code InputStream}: its size is known at
   * the call, and the console's started line says it (it said "size unknown", the transfer being
   * started before the parameter gave its total).
   */
  @Test
  void fileArgument_startedLineHasItsSize() throws Exception {
    Path file = Files.write(dir.resolve("load.bin"), new byte[SIZE]);
    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=console",
            Forked.classPath(Path.of(Forked.codeSource(Tracked.class))),
            TrackedProgram.class.getName(),
            String.valueOf(SIZE),
            file.toString());

    assertThat(agent.exit).isZero();
    assertThat(agent.out).contains("loaded " + SIZE);
    assertThat((agent.out + agent.err).split("\\R"))
        .filteredOn(l -> l.startsWith("load: started"))
        .containsExactly("load: started (2.0 MiB)");
  }

  @Test
  void disabled_tracksNothing() throws Exception {
    Path csv = dir.resolve("off.csv");
    Forked agent =
        run("flowmeter.sinks=csv:" + csv + ";flowmeter.instrumentation.tracked.enabled=false");
    assertThat(agent.exit).isZero();
    assertThat(Forked.csv(csv)).noneMatch(r -> r[Csv.NAME].startsWith("ship"));
  }

  @Test
  void processorCompanion_isNotTrackedTwice() throws Exception {
    Path classes = compileWithProcessor();
    String cp = classes + File.pathSeparator + Forked.codeSource(Tracked.class);
    Forked plain = Forked.run(dir, null, cp, "box.Box", String.valueOf(SIZE));
    Path csv = dir.resolve("companion.csv");
    Forked agent =
        Forked.run(dir, "flowmeter.sinks=csv:" + csv, cp, "box.Box", String.valueOf(SIZE));

    assertThat(agent.exit).isZero();
    assertThat(agent.out).isEqualTo(plain.out).contains("boxed " + SIZE);
    List<String[]> finals = Csv.finals(csv);
    assertThat(Csv.failed(finals)).isEmpty();
    assertThat(finals)
        .filteredOn(r -> r[Csv.NAME].equals("box it"))
        .singleElement()
        .satisfies(r -> Csv.assertCompleted(r, SIZE, SIZE));
  }

  private static Path compileWithProcessor() throws Exception {
    Path src = dir.resolve("src/box/Box.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        String.join(
            "\n",
            "package box;",
            "import dev.flowmeter.TotalBytes;",
            "import dev.flowmeter.Tracked;",
            "import java.io.*;",
            "public class Box {",
            "  @Tracked(operation = \"upload\", name = \"box {label}\")",
            "  public long pack(String label, InputStream in, @TotalBytes long size)"
                + " throws IOException {",
            "    return in.transferTo(OutputStream.nullOutputStream());",
            "  }",
            "  public static void main(String[] args) throws Exception {",
            "    long deadline = System.nanoTime() + 30_000_000_000L;",
            "    while (java.lang.management.ManagementFactory.getRuntimeMXBean()",
            "            .getInputArguments().stream().anyMatch(a -> a.startsWith(\"-javaagent\"))",
            "        && System.getProperty(\"flowmeter.agent.state\") == null",
            "        && System.nanoTime() < deadline) {",
            "      Thread.sleep(10);",
            "    }",
            "    int size = Integer.parseInt(args[0]);",
            "    Box box = new Box_Tracked();",
            "    System.out.println(\"boxed \" + box.pack(\"it\", new ByteArrayInputStream(new"
                + " byte[size]), size));",
            "  }",
            "}",
            ""),
        StandardCharsets.UTF_8);
    Path out = Files.createDirectories(dir.resolve("box-classes"));
    Forked.javac(
        "-d",
        out.toString(),
        "-cp",
        Forked.codeSource(Tracked.class),
        "-processorpath",
        Forked.codeSource(TrackedProcessor.class)
            + File.pathSeparator
            + Forked.codeSource(Tracked.class),
        src.toString());
    assertThat(out.resolve("box/Box_Tracked.class")).exists();
    return out;
  }

  /**
   * Runs {@link TrackedProgram} with the runtime on its class path too, as an application that
   * calls {@code Flowmeter} has it: under the agent, the agent's copy (on the boot class path) is
   * the one loaded, so the program sees the calls the agent tracks.
   */
  private static Forked run(String agentArguments) throws Exception {
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(Path.of(Forked.codeSource(Tracked.class))),
        TrackedProgram.class.getName(),
        String.valueOf(SIZE));
  }
}
