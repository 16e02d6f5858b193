// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class DesktopSinkProviderTest {
  @RegisterExtension final DiagnosticLines said = new DiagnosticLines();

  private static void deliverTwice(ProgressSink sink) throws IOException {
    for (int i = 1; i <= 2; i++) {
      sink.onEvent(Events.completed(i, "a"));
      sink.flush();
    }
    sink.close();
  }

  /** The system tray in a headless JVM (this test's, on a machine without a display). */
  @Test
  void tray_inAHeadlessJvm_isOneLine() throws IOException {
    assumeTrue(GraphicsEnvironment.isHeadless(), "a display is there");
    ProgressSink sink =
        new DesktopSinkProvider(Map.<String, String>of()::get)
            .create(SinkContext.builder("desktop").option("notifier", "tray").build());

    deliverTwice(sink);

    assertThat(said.lines())
        .containsExactly(
            "flowmeter: desktop sink: no display here (the JVM is headless); no desktop"
                + " notifications");
  }

  /** {@code osascript} where there is none (any machine but a Mac). */
  @Test
  void osascript_whereThereIsNone_isOneLine() throws IOException {
    assumeTrue(!System.getProperty("os.name").startsWith("Mac"), "a Mac has osascript");
    ProgressSink sink =
        new DesktopSinkProvider(Map.<String, String>of()::get)
            .create(SinkContext.builder("desktop").option("notifier", "osascript").build());

    deliverTwice(sink);

    assertThat(said.lines())
        .singleElement()
        .asString()
        .startsWith("flowmeter: desktop sink: cannot run osascript: ")
        .endsWith("; no desktop notifications");
  }

  /** A timeout it cannot use is said with what is used instead, in a user's words. */
  @Test
  void invalidTimeout_saysTheDesktopsDefaultExpiryIsUsed() {
    List<String> said = new ArrayList<>();
    new DesktopSinkProvider(Map.<String, String>of()::get)
        .create(
            SinkContext.builder("desktop")
                .option("timeout", "-5s")
                .onBadOption((e, using) -> said.add(e.getMessage() + "; " + using))
                .build());

    assertThat(said)
        .singleElement()
        .asString()
        .startsWith("flowmeter.sink.desktop.timeout: '-5s' is not a duration")
        .endsWith("; using the desktop's default expiry");
  }

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
