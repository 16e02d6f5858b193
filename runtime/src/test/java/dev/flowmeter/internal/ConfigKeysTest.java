// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The keys Flowmeter reads and the README's configuration table list the same keys. */
final class ConfigKeysTest {
  private static final String INSTRUMENTATION = "flowmeter.instrumentation.<name>.enabled";

  /** The rows of the table under "## Configuration": each row's first cell, a key in backticks. */
  private static List<String> readmeRows() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Configuration\n");
    int end = readme.indexOf("\n## ", start + 1);
    assertThat(start).as("the README has a Configuration section").isPositive();
    Matcher row =
        Pattern.compile("^\\| `(flowmeter\\.[^`]+)` \\|(.*)$", Pattern.MULTILINE)
            .matcher(readme.substring(start, end));
    List<String> rows = new ArrayList<>();
    while (row.find()) {
      rows.add(row.group(1) + "\t" + row.group(2));
    }
    return rows;
  }

  private static Set<String> readmeKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (String row : readmeRows()) {
      assertThat(keys.add(row.substring(0, row.indexOf('\t')))).as("listed once: " + row).isTrue();
    }
    return keys;
  }

  /** Every key Flowmeter reads, as the README writes it: the patterns with {@code <name>}. */
  private static Set<String> knownKeys() {
    Set<String> keys = new TreeSet<>();
    for (String key : ConfigKeys.fixed()) {
      keys.add(key.startsWith("flowmeter.instrumentation.") ? INSTRUMENTATION : key);
    }
    keys.add(ConfigKeys.sinkOption("<name>", ConfigKeys.SINK_INTERVAL));
    for (SinkProvider provider : ServiceLoader.load(SinkProvider.class)) {
      if (Set.of("dev.flowmeter.sinks", "dev.flowmeter.console")
          .contains(provider.getClass().getPackageName())) {
        assertThat(provider.options()).as(provider.name() + " declares its options").isNotEmpty();
        for (String option : provider.options()) {
          if (!option.equals(ConfigKeys.SINK_INTERVAL)) {
            keys.add(ConfigKeys.sinkOption(provider.name(), option));
          }
        }
      }
    }
    return keys;
  }

  @Test
  void readmeTable_listsEveryKey_andOnlyThose() throws IOException {
    assertThat(readmeKeys()).containsExactlyElementsOf(knownKeys());
  }

  @Test
  void readmeTable_namesEveryInstrumentationGroup() throws IOException {
    String row =
        readmeRows().stream().filter(r -> r.startsWith(INSTRUMENTATION)).findFirst().orElseThrow();
    for (String group : ConfigKeys.INSTRUMENTATION_GROUPS) {
      assertThat(row).contains("`" + group + "`");
    }
  }
}
