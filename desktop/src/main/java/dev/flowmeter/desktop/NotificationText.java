// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words of a notification, and the escaping each notifier needs, in one place.
 *
 * <p>A transfer's name, operation word and error come from the application or from a file on disk,
 * so they are treated as hostile: control characters, line and paragraph separators, bidirectional
 * overrides and lone surrogates become {@code ?} ({@link Text#sanitize}, the rule of every sink; a
 * D-Bus string must be valid UTF-8, or the bus drops the connection), and each is cut in its middle
 * to a length a notification can show. Markup characters are escaped by the notifier that needs it
 * ({@link #markup}, {@link #appleScript}).
 *
 * <p>Stateless and thread-safe.
 */
final class NotificationText {
  /** The longest name shown, in code points: the start and the end stay (the file's extension). */
  static final int MAX_NAME = 120;

  /** The longest error message shown, in code points. */
  static final int MAX_ERROR = 240;

  /** The longest operation word shown, in code points. */
  static final int MAX_OPERATION = 40;

  private NotificationText() {}

  /** The notification for a lifecycle event of a transfer. */
  static Notification of(ProgressEvent event) {
    return new Notification(event.transferId(), event.status(), summary(event), lines(event));
  }

  /** {@code Download finished}, {@code Copy failed}, {@code Upload started}. */
  static String summary(ProgressEvent event) {
    return capitalized(plain(event.operation(), MAX_OPERATION)) + " " + outcome(event.status());
  }

  /**
   * A digest of {@code events} (final events of several transfers that ended together): one line
   * per transfer up to {@code max}, then how many more.
   */
  static Notification digest(List<ProgressEvent> events, int max) {
    int failed = 0;
    int cancelled = 0;
    List<String> lines = new ArrayList<>();
    for (ProgressEvent e : events) {
      if (e.status() == Status.FAILED) {
        failed++;
      } else if (e.status() == Status.CANCELLED) {
        cancelled++;
      }
      if (lines.size() < max) {
        lines.add(plain(e.name(), MAX_NAME) + ": " + outcome(e.status()));
      }
    }
    if (events.size() > max) {
      lines.add("and " + (events.size() - max) + " more");
    }
    int finished = events.size() - failed - cancelled;
    StringBuilder summary = new StringBuilder().append(events.size()).append(" transfers ended");
    String sep = ": ";
    if (finished > 0) {
      summary.append(sep).append(finished).append(" finished");
      sep = ", ";
    }
    if (failed > 0) {
      summary.append(sep).append(failed).append(" failed");
      sep = ", ";
    }
    if (cancelled > 0) {
      summary.append(sep).append(cancelled).append(" cancelled");
    }
    Status worst = failed > 0 ? Status.FAILED : cancelled > 0 ? Status.CANCELLED : Status.COMPLETED;
    return new Notification(0, worst, summary.toString(), lines);
  }

  /** The body: the name, then what the numbers say, then the error if any. */
  static List<String> lines(ProgressEvent event) {
    List<String> lines = new ArrayList<>(3);
    lines.add(plain(event.name(), MAX_NAME));
    String amount = Text.amount(event.bytes(), event.unit());
    String ofTotal =
        event.isTotalKnown() ? " of " + Text.amount(event.totalBytes(), event.unit()) : "";
    switch (event.status()) {
      case STARTING:
        lines.add(
            event.isTotalKnown() ? Text.amount(event.totalBytes(), event.unit()) : "size unknown");
        break;
      case COMPLETED:
        lines.add(
            amount
                + " in "
                + Text.duration(event.elapsed())
                + " ("
                + Text.rate(event.averageSpeed(), event.unit())
                + ")");
        break;
      case FAILED:
      case CANCELLED:
        lines.add(
            amount
                + ofTotal
                + (event.status() == Status.FAILED ? ", failed after " : ", cancelled after ")
                + Text.duration(event.elapsed()));
        event.error().ifPresent(error -> lines.add(plain(error, MAX_ERROR)));
        break;
      default:
        break;
    }
    return lines;
  }

  /** {@code started}, {@code finished}, {@code failed}, {@code cancelled}. */
  static String outcome(Status status) {
    switch (status) {
      case COMPLETED:
        return "finished";
      case FAILED:
        return "failed";
      case CANCELLED:
        return "cancelled";
      default:
        return "started";
    }
  }

  /**
   * {@code text} made safe to show as one line of plain text by {@link Text#sanitize} (control
   * characters, lone surrogates and the like as {@code ?}, as the other sinks show them; so it
   * encodes as valid UTF-8, which a D-Bus string must be), cut in its middle to {@code max} code
   * points.
   */
  static String plain(String text, int max) {
    return Text.ellipsize(Text.sanitize(text), max, false);
  }

  private static String capitalized(String word) {
    if (word.isEmpty()) {
      return "Transfer";
    }
    int first = word.codePointAt(0);
    return new StringBuilder()
        .appendCodePoint(Character.toUpperCase(first))
        .append(word, Character.charCount(first), word.length())
        .toString();
  }

  /**
   * {@code text} for a notification body that the server reads as markup: {@code &}, {@code <},
   * {@code >}, {@code "} and {@code '} as entities, so that a name like {@code <img src=x>} is
   * shown as written and never loads or formats anything.
   */
  static String markup(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} as an AppleScript string literal, quotes included: {@code \} and {@code "}
   * escaped, line feeds as {@code \n} (the text holds no other control character).
   */
  static String appleScript(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == '"') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c == 0x7f) {
        out.append('?');
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** {@code word} in lower case, for matching option values. */
  static String lower(String word) {
    return word.trim().toLowerCase(Locale.ROOT);
  }
}
