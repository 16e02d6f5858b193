// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.EventJson;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the sink sends, and which events by default: {@code json} (every event, as {@link EventJson}
 * spells it), {@code slack} (one incoming-webhook message per start and end: Slack cannot edit what
 * such a webhook posted, so progress would flood the channel) and {@code discord} (one message per
 * transfer, edited in place with its progress).
 */
enum Format {
  JSON(EventFilter.everything()) {
    @Override
    String body(ProgressEvent event) {
      return EventJson.toJson(event);
    }
  },
  SLACK(
      EventFilter.of(
          false, EnumSet.of(Status.STARTING, Status.COMPLETED, Status.FAILED, Status.CANCELLED))) {
    @Override
    String body(ProgressEvent event) {
      return ChatText.slack(event);
    }
  },
  DISCORD(EventFilter.of(true, EnumSet.complementOf(EnumSet.of(Status.PENDING)))) {
    @Override
    String body(ProgressEvent event) {
      return ChatText.discord(event);
    }
  };

  /** The events this format sends when {@code events} is not set. */
  final EventFilter defaultEvents;

  Format(EventFilter defaultEvents) {
    this.defaultEvents = defaultEvents;
  }

  /** The request body for {@code event}, JSON. */
  abstract String body(ProgressEvent event);

  /** The option's word: {@code json}, {@code slack}, {@code discord}. */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every option word. */
  static Set<String> words() {
    return Set.of("json", "slack", "discord");
  }
}
