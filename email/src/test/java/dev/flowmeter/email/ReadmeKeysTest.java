// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table lists every option the sink reads (but {@code interval}, which
 * the table's {@code flowmeter.sink.<name>.interval} row covers, and {@code password}, which is
 * only refused), and no other.
 */
final class ReadmeKeysTest {
  @Test
  void configurationTable_listsTheSinksOptions() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Configuration\n");
    int end = readme.indexOf("\n## ", start + 1);
    assertThat(start).isPositive();
    Matcher row =
        Pattern.compile("^\\| `flowmeter\\.sink\\.email\\.([^`]+)` \\|", Pattern.MULTILINE)
            .matcher(readme.substring(start, end));
    Set<String> listed = new TreeSet<>();
    while (row.find()) {
      listed.add(row.group(1));
    }
    Set<String> read = new TreeSet<>(new EmailSinkProvider().options());
    read.remove("interval");
    read.remove("password");

    assertThat(listed).containsExactlyElementsOf(read);
  }
}
