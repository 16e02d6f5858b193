// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the application prints to {@code System.out} and {@code System.err} while bars are drawn
 * stays on the screen, whole and in order: the first user in a real terminal lost every line
 * printed under the bars.
 */
final class ConsoleCaptureTest {
  private final PrintStream realOut = System.out;
  private final PrintStream realErr = System.err;
  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
  private final PrintStream stdout = new PrintStream(terminal, true, StandardCharsets.UTF_8);
  private final PrintStream stderr = new PrintStream(terminal, true, StandardCharsets.UTF_8);
  private long now;
  private long step = 100_000_000; // the clock moves on at each look: lines 100 ms apart
  private ConsoleScreen screen;
  private ConsoleCapture capture;

  @BeforeEach
  void install() {
    System.setOut(stdout);
    System.setErr(stderr);
    screen = new ConsoleScreen(stderr, true, false, TerminalSize.fixed(100, 30), () -> now += step);
    capture = ConsoleCapture.install(screen, stdout, stderr, true, true);
  }

  @AfterEach
  void restore() {
    capture.uninstall();
    System.setOut(realOut);
    System.setErr(realErr);
  }

  private List<String> seen() {
    return TerminalScreen.render(terminal.toString(StandardCharsets.UTF_8));
  }

  @Test
  void println_whileBarsShow_linesStayAboveTheBars() {
    screen.draw(List.of(), List.of("a.bin 10%", "b.bin 20%"));
    System.out.println("first line");
    screen.draw(List.of(), List.of("a.bin 30%", "b.bin 40%"));
    System.err.println("second line");
    screen.draw(List.of(), List.of("a.bin 50%", "b.bin 60%"));

    assertThat(seen()).containsExactly("first line", "second line", "a.bin 50%", "b.bin 60%");
  }

  /** Flowmeter's own one-line messages went to the stream it found at start, under the bars. */
  @Test
  void flowmeterMessage_whileBarsShow_landsAboveThem() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    dev.flowmeter.internal.Diagnostics.once(
        "ConsoleCaptureTest." + System.nanoTime(), "sink 'x': something was wrong");
    screen.draw(List.of(), List.of("a.bin 20%"));
    assertThat(seen()).containsExactly("flowmeter: sink 'x': something was wrong", "a.bin 20%");
  }

  /**
   * A program printing 100,000 lines made the console send the bars 100,000 times; lines in a burst
   * are written together, and the bars stay on the screen.
   */
  @Test
  void burstOfLines_writtenTogether_barsStayBelow() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    step = 1_000_000; // a line every millisecond
    for (int i = 0; i < 1000; i++) {
      System.out.println("line " + i);
    }
    screen.settle();
    String text = terminal.toString(StandardCharsets.UTF_8);
    assertThat(text.split("a\\.bin 10%", -1).length - 1).as("bars drawn").isLessThan(60);
    List<String> seen = seen();
    assertThat(seen).hasSize(1001).endsWith("a.bin 10%");
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.get(i)).isEqualTo("line " + i);
    }
    assertThat(terminal.toString(StandardCharsets.UTF_8)).doesNotContain(ConsoleScreen.SHOW_CURSOR);
  }

  @Test
  void linesFarApart_barsDrawnAfterEach() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    for (int i = 0; i < 10; i++) {
      System.out.println("line " + i);
      List<String> seen = seen();
      assertThat(seen.get(seen.size() - 1)).isEqualTo("a.bin 10%");
    }
  }

  /**
   * Under the C locale the JVM's charset is ASCII: UTF-8 the program writes as bytes came out as
   * {@code ?} once captured; it must reach the terminal as written.
   */
  @Test
  void utf8Bytes_underAnAsciiCharset_reachTheTerminalUnchanged() {
    capture.uninstall();
    PrintStream asciiOut = new PrintStream(terminal, true, StandardCharsets.US_ASCII);
    PrintStream asciiErr = new PrintStream(terminal, true, StandardCharsets.US_ASCII);
    System.setOut(asciiOut);
    System.setErr(asciiErr);
    screen =
        new ConsoleScreen(asciiErr, true, false, TerminalSize.fixed(100, 30), () -> now += step);
    capture = ConsoleCapture.install(screen, asciiOut, asciiErr, true, true);
    screen.draw(List.of(), List.of("a.bin 10%"));
    byte[] text = "h\u00e9llo w\u00f6rld \u65e5\u672c\n".getBytes(StandardCharsets.UTF_8);
    System.out.write(text, 0, text.length);

    byte[] written = terminal.toByteArray();
    assertThat(indexOf(written, text, 0, text.length - 1))
        .as("the bytes as written")
        .isNotNegative();
  }

  /** A program's own counter redrawn with {@code \r} showed its first value while bars ran. */
  @Test
  void ownCarriageReturnCounter_latestValueShownInItsRow() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    System.out.print("\rcounted 1/50");
    System.out.print("\rcounted 2/50");
    System.out.print("\rcounted 3/50");
    assertThat(seen()).containsExactly("counted 3/50", "a.bin 10%");
  }

  /** A tab moved the cursor over a bar without erasing it: each row is erased whole first. */
  @Test
  void everyRowErasedWholeBeforeItIsWritten() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    System.out.println("id\t\tvalue");
    String text = terminal.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("\u001b[2Kid\t\tvalue");
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from, int length) {
    outer:
    for (int i = from; i + length <= haystack.length; i++) {
      for (int j = 0; j < length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * A prompt read while bars move: the answer was invisible as typed (cursor hidden, echo erased by
   * the next frame) and the prompt came out twice.
   */
  @Test
  void prompt_barsOffWhileTheUserTypes_promptOnce() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    System.out.print("Your name: ");
    screen.inputStarts();
    String text = terminal.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("Your name: " + ConsoleScreen.SHOW_CURSOR);
    assertThat(seen()).containsExactly("Your name: ");
    stderr.print("bob\n"); // the terminal's echo of what the user typed
    screen.draw(List.of(), List.of("a.bin 15%")); // a frame while the read waits: no bars
    assertThat(seen()).containsExactly("Your name: bob");
    screen.inputDone();
    System.out.println("Hello bob");
    screen.draw(List.of(), List.of("a.bin 20%"));

    assertThat(seen()).containsExactly("Your name: bob", "Hello bob", "a.bin 20%");
  }

  @Test
  void manyThreads_everyLineOnceAndInOrderPerThread() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 250; i++) {
                  System.out.println("t" + id + " line " + i);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (int frame = 0; frame < 200; frame++) {
      screen.draw(List.of(), List.of("a.bin " + frame, "b.bin " + frame));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    screen.draw(List.of(), List.of("a.bin done", "b.bin done"));

    List<String> seen = seen();
    assertThat(seen.subList(seen.size() - 2, seen.size()))
        .containsExactly("a.bin done", "b.bin done");
    List<String> printed = seen.subList(0, seen.size() - 2);
    assertThat(printed).hasSize(1000);
    for (int t = 0; t < 4; t++) {
      String prefix = "t" + t + " line ";
      List<String> mine = new ArrayList<>();
      for (String line : printed) {
        if (line.startsWith(prefix)) {
          mine.add(line);
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        expected.add(prefix + i);
      }
      assertThat(mine).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void partialLine_keptWholeWhileOtherThreadsPrint() throws InterruptedException {
    screen.draw(List.of(), List.of("a.bin 10%"));
    System.out.print("copying ");
    assertThat(seen()).containsExactly("copying ", "a.bin 10%");
    Thread other = new Thread(() -> System.out.println("other thread's line"));
    other.start();
    other.join();
    System.out.print("a.bin ");
    screen.draw(List.of(), List.of("a.bin 90%"));
    System.out.println("done");

    assertThat(seen()).containsExactly("other thread's line", "copying a.bin done", "a.bin 90%");
  }

  @Test
  void partialLine_withoutBars_isWrittenAsItComesLikeAPrompt() {
    System.out.print("Name: ");
    assertThat(terminal.toString(StandardCharsets.UTF_8)).endsWith("Name: ");
    System.out.println("Ada");
    assertThat(seen()).containsExactly("Name: Ada");
    assertThat(terminal.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b[1A");
  }

  @Test
  void partialLine_atClose_isWrittenOutAndFinishedAfter() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    System.out.print("almost");
    screen.close();
    capture.uninstall();
    stdout.println(" there");

    assertThat(seen()).containsExactly("almost there");
  }

  @Test
  void cursor_hiddenWhileBarsShow_shownWhenNoneIsLeft() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    assertThat(terminal.toString(StandardCharsets.UTF_8)).contains(ConsoleScreen.HIDE_CURSOR);
    assertThat(terminal.toString(StandardCharsets.UTF_8)).doesNotContain(ConsoleScreen.SHOW_CURSOR);
    screen.draw(List.of("a.bin completed"), List.of());
    String text = terminal.toString(StandardCharsets.UTF_8);
    assertThat(text.lastIndexOf(ConsoleScreen.SHOW_CURSOR))
        .isGreaterThan(text.lastIndexOf(ConsoleScreen.HIDE_CURSOR));
  }

  @Test
  void cursor_shownOnClose_evenWithBarsLeft() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    screen.close();
    String text = terminal.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith(ConsoleScreen.SHOW_CURSOR);
    assertThat(seen()).isEmpty();
  }

  @Test
  void cursor_restoredAtExit_andNeverHiddenAgain() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    screen.restoreCursor();
    screen.draw(List.of(), List.of("a.bin 20%"));
    String text = terminal.toString(StandardCharsets.UTF_8);
    assertThat(text.lastIndexOf(ConsoleScreen.SHOW_CURSOR))
        .isGreaterThan(text.lastIndexOf(ConsoleScreen.HIDE_CURSOR));
  }

  @Test
  void uninstall_putsTheOriginalStreamsBack_heldStreamWritesThrough() {
    PrintStream held = System.out;
    assertThat(held).isNotSameAs(stdout);
    capture.uninstall();
    assertThat(System.out).isSameAs(stdout);
    assertThat(System.err).isSameAs(stderr);
    held.print("straight");
    assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo("straight");
  }

  @Test
  void uninstall_leavesAStreamTheApplicationSetSince() {
    PrintStream mine = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    System.setOut(mine);
    capture.uninstall();
    assertThat(System.out).isSameAs(mine);
  }

  @Test
  void streamReplacedBeforeInstall_isNotCaptured() {
    capture.uninstall();
    PrintStream mine = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    System.setOut(mine);
    capture = ConsoleCapture.install(screen, stdout, stderr, true, true);
    assertThat(System.out).isSameAs(mine);
    assertThat(System.err).isNotSameAs(stderr);
  }

  @Test
  void hugePartialLine_isWrittenOutInBoundedPieces() {
    screen.draw(List.of(), List.of("a.bin 10%"));
    String chunk = "x".repeat(1000);
    for (int i = 0; i < 100; i++) {
      System.out.print(chunk);
    }
    System.out.println();
    String all = String.join("", seen());
    assertThat(all.chars().filter(c -> c == 'x').count()).isEqualTo(100_000);
  }

  @Test
  void julConsoleHandlerCreatedBefore_isRebound() {
    capture.uninstall();
    Logger root = Logger.getLogger("");
    Handler[] before = root.getHandlers();
    for (Handler h : before) {
      root.removeHandler(h);
    }
    ConsoleHandler early = new ConsoleHandler(); // takes System.err now: the raw stream
    early.setFormatter(
        new SimpleFormatter() {
          @Override
          public String format(java.util.logging.LogRecord record) {
            return record.getMessage() + System.lineSeparator();
          }
        });
    root.addHandler(early);
    try {
      capture = ConsoleCapture.install(screen, stdout, stderr, true, true);
      screen.draw(List.of(), List.of("a.bin 10%"));
      Logger.getLogger("test").info("a log line");
      screen.draw(List.of(), List.of("a.bin 20%"));
      assertThat(seen()).containsExactly("a log line", "a.bin 20%");
      assertThat(root.getHandlers()).hasSize(1).doesNotContain(early);
    } finally {
      for (Handler h : root.getHandlers()) {
        root.removeHandler(h);
      }
      for (Handler h : before) {
        root.addHandler(h);
      }
    }
  }
}
