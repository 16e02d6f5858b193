// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static dev.flowmeter.console.ConsoleFixture.progress;
import static dev.flowmeter.console.ConsoleFixture.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ConsoleOutputTest {
  private ConsoleFixture console;

  @AfterEach
  void close() throws IOException {
    if (console != null) {
      console.close();
    }
  }

  @Test
  void println_withBarsShowing_printsAboveThemAndRedrawsThem() {
    console = new ConsoleFixture(true, Map.of("ascii", "true", "width", "80"));
    console.deliver(started(1, "a.bin", 100), started(2, "b.bin", 100));
    console.deliver(progress(1, "a.bin", 30, 100, 1000), progress(2, "b.bin", 60, 100, 1000));
    int before = console.writes();

    ConsoleOutput.println("INFO something happened");

    assertThat(console.writes() - before).isEqualTo(1);
    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(3);
    assertThat(screen.get(0)).isEqualTo("INFO something happened");
    assertThat(screen.get(1)).startsWith("a.bin").contains("30%");
    assertThat(screen.get(2)).startsWith("b.bin").contains("60%");
  }

  @Test
  void println_severalLines_printsEachAboveTheBars() {
    console = new ConsoleFixture(true, Map.of("ascii", "true"));
    console.deliver(started(1, "a.bin", 100));
    ConsoleOutput.println("first\nsecond");
    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(3);
    assertThat(screen.subList(0, 2)).containsExactly("first", "second");
  }

  @Test
  void println_notTerminal_printsAPlainLine() {
    console = new ConsoleFixture(false, Map.of());
    ConsoleOutput.println("plain");
    assertThat(console.text()).isEqualTo("plain" + System.lineSeparator());
  }

  @Test
  void println_afterTheSinkClosed_goesToStandardError() throws IOException {
    console = new ConsoleFixture(true, Map.of());
    console.close();
    console = null;
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      ConsoleOutput.println("to stderr");
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("to stderr" + System.lineSeparator());
  }

  @Test
  void println_concurrentWithRedraws_keepsEveryLineWhole() throws Exception {
    console = new ConsoleFixture(true, Map.of("ascii", "false", "width", "90"));
    int count = 300;
    String payload = "-abcdefghijklmnopqrstuvwxyz-0123456789-".repeat(2);
    ExecutorService printers = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = printers.submit(() -> print("A", count, payload));
      Future<?> b = printers.submit(() -> print("B", count, payload));
      long millis = 0;
      console.deliver(started(1, "one", 1_000_000), started(2, "two", -1));
      while (!(a.isDone() && b.isDone())) {
        millis += 100;
        long done = Math.min(1_000_000, millis * 10);
        console.deliver(
            progress(1, "one", done, 1_000_000, millis), progress(2, "two", done, -1, millis));
      }
      a.get(30, TimeUnit.SECONDS);
      b.get(30, TimeUnit.SECONDS);
    } finally {
      printers.shutdownNow();
    }

    String text = console.text();
    for (String who : List.of("A", "B")) {
      for (int i = 0; i < count; i++) {
        String line = who + " log line " + i + " " + payload + "\u001b[K\n";
        assertThat(text).contains(line);
      }
    }
    List<String> screen = TerminalScreen.render(text);
    assertThat(screen).hasSize(2 * count + 2);
    assertThat(screen.get(2 * count)).startsWith("one");
    assertThat(screen.get(2 * count + 1)).startsWith("two");
  }

  private static Void print(String who, int count, String payload) {
    for (int i = 0; i < count; i++) {
      ConsoleOutput.println(who + " log line " + i + " " + payload);
    }
    return null;
  }

  @Test
  void logHandler_printsTheFormattedRecordAboveTheBars() {
    console = new ConsoleFixture(true, Map.of("ascii", "true"));
    console.deliver(started(1, "a.bin", 100));
    ConsoleLogHandler handler = new ConsoleLogHandler();
    handler.setFormatter(
        new Formatter() {
          @Override
          public String format(LogRecord record) {
            return record.getLevel() + ": " + formatMessage(record) + System.lineSeparator();
          }
        });
    LogRecord record = new LogRecord(Level.WARNING, "copied {0} files");
    record.setParameters(new Object[] {3});
    handler.publish(record);
    handler.publish(new LogRecord(Level.FINE, "not shown at the default level"));

    List<String> screen = TerminalScreen.render(console.text());
    assertThat(screen).hasSize(2);
    assertThat(screen.get(0)).isEqualTo("WARNING: copied 3 files");
    assertThat(screen.get(1)).startsWith("a.bin");
  }

  @Test
  void logHandler_defaultFormatter_printsLevelAndMessage() {
    console = new ConsoleFixture(false, Map.of());
    ConsoleLogHandler handler = new ConsoleLogHandler();
    LogRecord record = new LogRecord(Level.INFO, "hello from JUL");
    record.setLoggerName("test");
    record.setInstant(ConsoleFixture.T0.plus(Duration.ofHours(1)));
    handler.publish(record);
    assertThat(console.text()).contains("INFO", "hello from JUL").endsWith(System.lineSeparator());
    assertThat(console.text()).doesNotEndWith(System.lineSeparator() + System.lineSeparator());
  }
}
