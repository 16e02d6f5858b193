// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.internal.Text;
import dev.flowmeter.sink.JsonWriter;
import dev.flowmeter.sink.Percent;
import dev.flowmeter.sink.StatusWords;
import java.util.Objects;

/**
 * The chat payloads: a Slack incoming-webhook message and a Discord embed, each with a text bar,
 * the size, speed and ETA, and the status word.
 *
 * <p>A transfer's name and error are the application's data, which may be anything: control
 * characters are replaced ({@link Text#sanitize}), long text is shortened within each service's
 * limits, and the services' own markup is neutralised, so a name can neither format the message nor
 * mention anyone. Slack: {@code &}, {@code <} and {@code >} escaped as Slack asks (so {@code
 * <!everyone>} or {@code <@U123>} is shown, not acted on) and {@code mrkdwn} off. Discord: markdown
 * characters escaped with {@code \}, {@code @everyone} and {@code @here} broken by a zero-width
 * space, and {@code allowed_mentions} empty, so even a mention that got through pings no one.
 *
 * <p>Stateless and thread-safe.
 */
final class ChatText {
  /** Cells of the bar: 5 % each. */
  static final int BAR_CELLS = 20;

  /** The longest name shown, in code points (a Discord title holds 256 characters). */
  static final int MAX_NAME = 120;

  /** The longest error shown, in code points (a Discord field value holds 1024 characters). */
  static final int MAX_ERROR = 400;

  private ChatText() {}

  /** A Slack incoming-webhook message: {@code {"text": ...}} with one line. */
  static String slack(ProgressEvent event) {
    StringBuilder text = new StringBuilder(256);
    text.append(slackEscape(name(event))).append(": ");
    if (event.isPercentageKnown()) {
      text.append(bar(event)).append(' ').append(percent(event)).append(" \u00b7 ");
    }
    text.append(size(event))
        .append(" \u00b7 ")
        .append(speed(event))
        .append(" \u00b7 ")
        .append(event.isFinal() ? "took " : "ETA ")
        .append(eta(event))
        .append(" \u00b7 ")
        .append(status(event));
    event.error().ifPresent(e -> text.append(" \u00b7 ").append(slackEscape(error(e))));
    return new JsonWriter()
        .beginObject()
        .name("text")
        .value(text.toString())
        .name("mrkdwn")
        .value(false)
        .name("unfurl_links")
        .value(false)
        .name("unfurl_media")
        .value(false)
        .endObject()
        .toString();
  }

  /**
   * A Discord message with one embed: the name as title, the bar, percentage and status word as
   * description, size, speed and ETA as fields (and the error, when there is one), coloured by
   * status; no mention is parsed.
   */
  static String discord(ProgressEvent event) {
    JsonWriter json = new JsonWriter().beginObject();
    json.name("embeds").beginArray().beginObject();
    json.name("title").value(discordEscape(name(event)));
    String percent = event.isPercentageKnown() ? " " + percent(event) : "";
    json.name("description").value("`" + bar(event) + "`" + percent + " \u00b7 " + status(event));
    json.name("color").value(colour(event.status()));
    json.name("fields").beginArray();
    field(json, "Size", size(event), true);
    field(json, "Speed", speed(event), true);
    field(json, event.isFinal() ? "Took" : "ETA", eta(event), true);
    event.error().ifPresent(e -> field(json, "Error", discordEscape(error(e)), false));
    json.endArray();
    json.name("footer")
        .beginObject()
        .name("text")
        .value("flowmeter \u00b7 " + discordEscape(Text.sanitize(event.operation())))
        .endObject();
    json.name("timestamp").value(event.time());
    json.endObject().endArray();
    json.name("allowed_mentions").beginObject().name("parse").beginArray().endArray().endObject();
    return json.endObject().toString();
  }

  private static void field(JsonWriter json, String name, String value, boolean inline) {
    json.beginObject()
        .name("name")
        .value(name)
        .name("value")
        .value(value)
        .name("inline")
        .value(inline)
        .endObject();
  }

  /** The bar: one cell per 5 %, rounded down, so a full bar means done; empty when unknown. */
  static String bar(ProgressEvent event) {
    long percent = Percent.floor(event, 1);
    int full = percent < 0 ? 0 : (int) Math.min(BAR_CELLS, percent * BAR_CELLS / 100);
    return "\u2588".repeat(full) + "\u2591".repeat(BAR_CELLS - full);
  }

  private static String percent(ProgressEvent event) {
    return Percent.oneDecimal(event) + " %";
  }

  private static String size(ProgressEvent event) {
    String done = Text.amount(event.bytes(), event.unit());
    return event.isTotalKnown()
        ? done + " of " + Text.amount(event.totalBytes(), event.unit())
        : done;
  }

  /** The current speed while running, the average once ended. */
  private static String speed(ProgressEvent event) {
    return Text.rate(event.isFinal() ? event.averageSpeed() : event.speed(), event.unit());
  }

  /** The time left while running (or {@code unknown}), the time taken once ended. */
  private static String eta(ProgressEvent event) {
    if (event.isFinal()) {
      return Text.duration(event.elapsed());
    }
    return event.eta().map(Text::duration).orElse("unknown");
  }

  private static String status(ProgressEvent event) {
    return Objects.requireNonNullElse(StatusWords.FLOWMETER.word(event), event.status().word());
  }

  private static String name(ProgressEvent event) {
    return Text.ellipsize(Text.sanitize(event.name()), MAX_NAME, false);
  }

  private static String error(String error) {
    return Text.ellipsize(Text.sanitize(error), MAX_ERROR, false);
  }

  /** Discord embed colours: blue running, green done, red failed, grey cancelled, amber else. */
  static int colour(Status status) {
    switch (status) {
      case IN_PROGRESS:
        return 0x3498db;
      case COMPLETED:
        return 0x2ecc71;
      case FAILED:
        return 0xe74c3c;
      case CANCELLED:
        return 0x95a5a6;
      default:
        return 0xf1c40f;
    }
  }

  /** Slack's escaping: {@code &}, {@code <} and {@code >}, the only characters it asks for. */
  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Discord markdown made literal: each markdown character escaped with {@code \}, and a zero-width
   * space after the {@code @} of {@code @everyone} and {@code @here}.
   */
  static String discordEscape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("\\*_~`|<>[]()#".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
      if (c == '@' && (text.startsWith("everyone", i + 1) || text.startsWith("here", i + 1))) {
        out.append('\u200b');
      }
    }
    return out.toString();
  }
}
