// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Text;
import dev.flowmeter.sink.Percent;
import dev.flowmeter.sink.StatusWords;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The words of the mails: subjects and plain-text bodies made from events, and the digest that
 * gathers several mails into one.
 *
 * <p>Everything that comes from a transfer (its name, operation, error, attributes) is made safe
 * here, once: control characters (CR and LF among them, so a name cannot add a header such as
 * {@code Bcc:}), escape sequences, bidirectional controls and lone surrogates become {@code ?}, and
 * long text is cut in its middle so that a file name keeps its extension. Stateless and
 * thread-safe.
 */
final class MailText {
  /** The longest name in a subject, in code points. */
  static final int MAX_SUBJECT = 80;

  /** The longest name, error or attribute in a body, in code points. */
  static final int MAX_BODY_TEXT = 500;

  /** The most attributes a body lists. */
  static final int MAX_ATTRIBUTES = 20;

  /** The most entries a digest lists; the rest are counted. */
  static final int MAX_DIGEST_ENTRIES = 200;

  static final String PREFIX = "[flowmeter] ";

  private static final String FOOTER = "\n-- \nSent by the email sink of Flowmeter.\n";

  private MailText() {}

  /** The mail telling that {@code event}'s transfer started. */
  static Mail start(ProgressEvent event) {
    String what = op(event) + " started: " + subjectName(event);
    if (event.isTotalKnown()) {
      what += " (" + Text.amount(event.totalBytes(), event.unit()) + ")";
    }
    return mail(Notice.START, what, event, "");
  }

  /** The mail telling that {@code event}'s transfer passed {@code milestone} percent. */
  static Mail milestone(ProgressEvent event, int milestone) {
    String what = op(event) + " " + milestone + "%: " + subjectName(event);
    return mail(Notice.MILESTONES, what, event, "");
  }

  /** The mail for {@code event}, the final event of a transfer. */
  static Mail end(ProgressEvent event) {
    switch (event.status()) {
      case COMPLETED:
        String what =
            op(event)
                + " completed: "
                + subjectName(event)
                + " ("
                + Text.amount(event.bytes(), event.unit())
                + " in "
                + Text.duration(event.elapsed())
                + ")";
        return mail(Notice.COMPLETE, what, event, "");
      case FAILED:
        return mail(
            Notice.ERROR, op(event) + " FAILED: " + subjectName(event), event, error(event));
      default:
        return mail(
            Notice.CANCEL, op(event) + " cancelled: " + subjectName(event), event, error(event));
    }
  }

  /**
   * One mail for {@code mails} (two or more): the subject counts them by what they tell, the body
   * lists each in one line (and a failure's error under it), oldest first.
   */
  static Mail digest(List<Mail> mails) {
    Map<Notice, Integer> counts = new EnumMap<>(Notice.class);
    for (Mail m : mails) {
      counts.merge(m.notice(), 1, Integer::sum);
    }
    StringJoiner what = new StringJoiner(", ");
    counts.forEach((notice, n) -> what.add(n + " " + countWord(notice, n)));
    String summary = mails.size() + " updates: " + what;
    StringBuilder body = new StringBuilder(summary).append("\n\n");
    int shown = Math.min(mails.size(), MAX_DIGEST_ENTRIES);
    for (Mail m : mails.subList(0, shown)) {
      body.append("- ").append(m.summary()).append('\n');
      if (!m.detail().isEmpty()) {
        body.append("  ").append(m.detail()).append('\n');
      }
    }
    if (shown < mails.size()) {
      body.append("... and ").append(mails.size() - shown).append(" more\n");
    }
    body.append(FOOTER);
    return new Mail(Notice.COMPLETE, PREFIX + summary, body.toString(), summary, "");
  }

  private static String countWord(Notice notice, int n) {
    switch (notice) {
      case START:
        return "started";
      case MILESTONES:
        return n == 1 ? "milestone" : "milestones";
      case COMPLETE:
        return "completed";
      case ERROR:
        return "failed";
      default:
        return "cancelled";
    }
  }

  private static Mail mail(Notice notice, String summary, ProgressEvent event, String detail) {
    return new Mail(notice, PREFIX + summary, body(summary, event), summary, detail);
  }

  private static String body(String summary, ProgressEvent event) {
    StringBuilder b = new StringBuilder(512).append(summary).append("\n\n");
    line(b, "Name", safe(event.name(), MAX_BODY_TEXT));
    line(b, "Operation", safe(event.operation(), MAX_SUBJECT));
    line(b, "Status", StatusWords.FLOWMETER.word(event.status()));
    line(b, "Progress", progress(event));
    line(b, "Started", seconds(event.startTime()));
    if (event.isFinal()) {
      line(b, "Ended", seconds(event.time()));
      line(b, "Duration", Text.duration(event.elapsed()));
      line(b, "Average", Text.rate(event.averageSpeed(), event.unit()));
    } else {
      line(b, "Elapsed", Text.duration(event.elapsed()));
      if (event.bytes() > 0) {
        line(b, "Speed", Text.rate(event.speed(), event.unit()));
      }
      event.eta().ifPresent(eta -> line(b, "ETA", Text.duration(eta)));
    }
    event.error().ifPresent(e -> line(b, "Error", safe(e, MAX_BODY_TEXT)));
    int n = 0;
    for (Map.Entry<String, String> a : event.attributes().entrySet()) {
      if (n++ == MAX_ATTRIBUTES) {
        line(b, "Attributes", (event.attributes().size() - MAX_ATTRIBUTES) + " more not shown");
        break;
      }
      line(b, safe(a.getKey(), MAX_SUBJECT), safe(a.getValue(), MAX_BODY_TEXT));
    }
    line(
        b,
        "Transfer",
        "#"
            + event.transferId()
            + (event.parentId() != 0 ? " (in #" + event.parentId() + ")" : ""));
    return b.append(FOOTER).toString();
  }

  /** {@code 2026-11-27T06:42:08Z}: to the second, which is what a reader of a mail wants. */
  private static String seconds(Instant time) {
    return time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(label).append(':');
    for (int i = label.length() + 1; i < 11; i++) {
      b.append(' ');
    }
    b.append(' ').append(value).append('\n');
  }

  private static String progress(ProgressEvent event) {
    long percent = Percent.floor(event, 1);
    String done = Text.amount(event.bytes(), event.unit());
    if (!event.isTotalKnown()) {
      return done + " of an unknown total";
    }
    return (percent < 0 ? "" : percent + "% (")
        + done
        + " of "
        + Text.amount(event.totalBytes(), event.unit())
        + (percent < 0 ? "" : ")");
  }

  private static String op(ProgressEvent event) {
    return safe(event.operation(), 20);
  }

  private static String subjectName(ProgressEvent event) {
    String name = safe(event.name(), MAX_SUBJECT);
    return name.isEmpty() ? "(unnamed)" : name;
  }

  private static String error(ProgressEvent event) {
    return event.error().map(e -> "error: " + safe(e, MAX_BODY_TEXT)).orElse("");
  }

  /**
   * {@code text} fit for a header or a body line: control characters, bidirectional controls and
   * lone surrogates as {@code ?} (the runtime's {@code Text.sanitize}), then cut in its middle to
   * {@code max} code points.
   */
  static String safe(String text, int max) {
    return Text.ellipsize(Text.sanitize(text), max, false).strip();
  }
}
