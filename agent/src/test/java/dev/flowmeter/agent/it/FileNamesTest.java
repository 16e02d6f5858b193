// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file transfer is named by the file's absolute, normalised path, whatever path string the
 * program passed, for every file path the agent instruments (issue 9: {@code d00/f0000.txt}
 * relative to an unknown working directory).
 */
final class FileNamesTest {
  private static final int SIZE = 3 * 1024 * 1024 / 2; // above the default min-bytes

  @TempDir Path dir;

  @Test
  void relativePathsWithDots_areNamedByTheirAbsoluteNormalisedPath() throws Exception {
    Random random = new Random(9);
    byte[] data = new byte[SIZE];
    random.nextBytes(data);
    Files.createDirectory(dir.resolve("sub"));
    for (int i = 1; i <= 6; i++) {
      Files.write(dir.resolve("in" + i + ".bin"), data);
    }
    try (OutputStream file = Files.newOutputStream(dir.resolve("archive.zip"));
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("entry.bin"));
      zip.write(data);
    }
    // the forked program runs in this JVM's working directory
    Path relative = Path.of("").toAbsolutePath().relativize(dir);
    assertThat(relative.isAbsolute()).isFalse();
    Path jsonl = dir.resolve("names.jsonl");

    Forked agent =
        Forked.run(
            dir,
            "flowmeter.sinks=jsonl:" + jsonl,
            Forked.classPath(),
            FileNamesProgram.class.getName(),
            relative.toString(),
            String.valueOf(SIZE));

    assertThat(agent.exit).as(agent.err).isZero();
    assertThat(agent.out).isEqualTo("done" + System.lineSeparator());
    assertThat(agent.agentLines()).isEmpty();
    Set<String> files =
        Files.readAllLines(jsonl).stream()
            .filter(l -> l.contains("\"final\":true") && !l.contains("\"operation\":\"extract\""))
            .map(FileNamesTest::name)
            .collect(Collectors.toSet());
    List<String> expected =
        List.of(
            "in1.bin",
            "in2.bin",
            "out1.bin",
            "out2.bin",
            "in3.bin",
            "in4.bin",
            "out3.bin",
            "in5.bin",
            "in6.bin",
            "archive.zip");
    assertThat(files)
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().map(f -> dir.resolve(f).toString()).collect(Collectors.toList()));
  }

  private static String name(String jsonLine) {
    String key = "\"name\":\"";
    int start = jsonLine.indexOf(key) + key.length();
    return jsonLine.substring(start, jsonLine.indexOf('"', start));
  }
}
