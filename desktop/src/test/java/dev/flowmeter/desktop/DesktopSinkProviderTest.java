// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class DesktopSinkProviderTest {
  @Test
  void isFoundByName_throughTheServiceLoader() {
    assertThat(ServiceLoader.load(SinkProvider.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(p -> assertThat(p).isInstanceOf(DesktopSinkProvider.class))
        .filteredOn(p -> p.name().equals("desktop"))
        .hasSize(1);
  }

  /**
   * The README's configuration table lists the sink's options, and only those (the runtime's
   * ConfigKeysTest leaves the rows of optional modules' sinks to them).
   */
  @Test
  void readmeConfigurationTable_listsEveryOption() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Configuration\n");
    String table = readme.substring(start, readme.indexOf("\n## ", start + 1));
    Matcher row =
        Pattern.compile("^\\| `flowmeter\\.sink\\.desktop\\.([^`]+)` \\|", Pattern.MULTILINE)
            .matcher(table);
    Set<String> listed = new TreeSet<>();
    while (row.find()) {
      listed.add(row.group(1));
    }
    Set<String> options = new TreeSet<>(new DesktopSinkProvider().options());
    options.remove("interval"); // the table's flowmeter.sink.<name>.interval row
    assertThat(listed).isEqualTo(options);
  }
}
