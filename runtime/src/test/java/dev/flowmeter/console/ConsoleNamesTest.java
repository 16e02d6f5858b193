// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class ConsoleNamesTest {
  private static final Path CWD = Path.of("/home/ann/project").toAbsolutePath();
  private static final String SEP = CWD.getFileSystem().getSeparator();

  private static String abs(String... names) {
    return Path.of(CWD.getRoot().toString(), names).toString();
  }

  @Test
  void underTheWorkingDirectory_isRelativeToIt() {
    assertThat(ConsoleNames.shorten(abs("home", "ann", "project", "data", "in.csv"), CWD, false))
        .isEqualTo("data" + SEP + "in.csv");
    assertThat(ConsoleNames.shorten(abs("home", "ann", "project", "a.txt"), CWD, false))
        .isEqualTo("a.txt");
    assertThat(
            ConsoleNames.shorten(
                abs("home", "ann", "project", "x", "..", "data", "in.csv"), CWD, false))
        .isEqualTo("data" + SEP + "in.csv");
  }

  @Test
  void elsewhere_isShownByItsLastTwoNames() {
    assertThat(ConsoleNames.shorten(abs("srv", "exports", "2024", "sales.csv"), CWD, false))
        .isEqualTo("…" + SEP + "2024" + SEP + "sales.csv");
    assertThat(ConsoleNames.shorten(abs("srv", "exports", "2024", "sales.csv"), CWD, true))
        .isEqualTo("..." + SEP + "2024" + SEP + "sales.csv");
    assertThat(ConsoleNames.shorten(abs("home", "ann", "projector", "f", "g"), CWD, false))
        .isEqualTo("…" + SEP + "f" + SEP + "g");
    assertThat(ConsoleNames.shorten(abs("tmp", "f.bin"), CWD, false))
        .isEqualTo(abs("tmp", "f.bin"));
    assertThat(ConsoleNames.shorten(abs("srv", "a", "b"), null, false))
        .isEqualTo("…" + SEP + "a" + SEP + "b");
  }

  @Test
  void namesThatAreNotAbsolutePaths_areUnchanged() {
    for (String name :
        new String[] {
          "report.pdf", "data/in.csv", "https://example.com/a/b/c.zip", "upload #3", ""
        }) {
      assertThat(ConsoleNames.shorten(name, CWD, false)).isEqualTo(name);
    }
  }
}
