// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the names, the CSV file reads back as the neutralised names (control characters as
 * visible escapes, formulas defused), one record per event.
 */
final class CsvSinkPropertyTest {

  @Property(tries = 200)
  void parse_ofWrite_isTheNeutralisedName(@ForAll("names") List<String> names) throws IOException {
    Path dir = Files.createTempDirectory("flowmeter-csv");
    try {
      Path file = dir.resolve("p.csv");
      ProgressSink sink =
          new CsvSinkProvider()
              .create(SinkContext.builder("csv").argument(file.toString()).build());
      for (int i = 0; i < names.size(); i++) {
        sink.onEvent(
            ProgressEvent.builder()
                .transferId(i + 1)
                .operation(names.get(names.size() - 1 - i))
                .name(names.get(i))
                .status(Status.IN_PROGRESS)
                .bytes(i)
                .totalBytes(names.size())
                .build());
      }
      sink.close();

      List<List<String>> rows = Rfc4180.parse(Files.readString(file, StandardCharsets.UTF_8));
      assertThat(rows).hasSize(names.size() + 1).allSatisfy(r -> assertThat(r).hasSize(15));
      for (int i = 0; i < names.size(); i++) {
        assertThat(rows.get(i + 1).get(2)).isEqualTo(neutralised(names.get(i)));
        assertThat(rows.get(i + 1).get(1)).isEqualTo(neutralised(names.get(names.size() - 1 - i)));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
          Files.delete(p);
        }
      }
    }
  }

  @Provide
  Arbitrary<List<String>> names() {
    Arbitrary<String> tricky =
        Arbitraries.strings().withChars(",\"\r\n=+-@\t 'ab.é字;").ofMaxLength(12);
    Arbitrary<String> any =
        Arbitraries.strings()
            .withCharRange('\u0000', '\ud7ff')
            .withCharRange('\ue000', '\uffff')
            .ofMaxLength(20);
    return Arbitraries.oneOf(tricky, any).list().ofMaxSize(10);
  }

  /** The terminal- and spreadsheet-safe form, written independently of the sink. */
  private static String neutralised(String name) {
    StringBuilder visible = new StringBuilder();
    name.chars()
        .forEach(
            c -> {
              boolean control = c < 0x20 && "\t\r\n".indexOf(c) < 0 || c >= 0x7f && c <= 0x9f;
              visible.append(control ? String.format("\\u%04x", c) : String.valueOf((char) c));
            });
    String cell = visible.toString();
    return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
  }
}
