// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import com.google.auto.service.AutoService;
import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Values;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code webhook:<url>} sink: each transfer's events sent to a chat or HTTP webhook, as JSON
 * ({@code flowmeter.sink.webhook.format=json}, the default), as Slack messages ({@code slack}) or
 * as one Discord message per transfer edited in place ({@code discord}).
 *
 * <p>Options, under {@code flowmeter.sink.<name>.}: {@code format}; {@code interval} (5 s), the
 * least time between two progress requests of one transfer; {@code timeout} (10 s), after which a
 * request is cut and retried; {@code max-per-minute} (30), a cap over all transfers; {@code
 * retries} (4), after which an event is dropped; {@code events}, which events are sent (see {@link
 * EventFilter}; by default every event for {@code json}, start and end for {@code slack}, all but
 * {@code pending} for {@code discord}). A value that cannot be used is said in one line naming the
 * option, the value and what is accepted, and the option's default applies, as for every option.
 *
 * <p>The URL holds a secret and is never printed whole: messages show it with the token masked
 * ({@link SecretUrl}). Two webhooks run side by side under names of their own: {@code
 * flowmeter.sinks=team=webhook:https://hooks.slack.com/services/...,ops=webhook:https://discord.com/api/webhooks/...}
 * with {@code flowmeter.sink.team.format=slack} and {@code flowmeter.sink.ops.format=discord}.
 *
 * <p>A module of its own, because {@code java.net.http} is loaded by the platform class loader,
 * which classes on the boot class path (where the agent puts the runtime) cannot see: under the
 * agent, name {@code flowmeter-webhook-extension.jar} in {@code flowmeter.extensions}.
 */
@AutoService(SinkProvider.class)
public final class WebhookSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public WebhookSinkProvider() {}

  /** Returns {@code webhook}. */
  @Override
  public String name() {
    return "webhook";
  }

  /** Returns {@code webhook:<url>}. */
  @Override
  public String usage() {
    return "webhook:<url>";
  }

  /**
   * Five seconds between progress requests of a transfer: what a chat service's rate limits allow a
   * well-behaved bot (Discord's webhooks take about five requests in two seconds, Slack's one a
   * second).
   */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(5);
  }

  /** The options this sink reads. */
  @Override
  public Set<String> options() {
    return Set.of("interval", "format", "timeout", "max-per-minute", "retries", "events");
  }

  /**
   * Makes the sink; it sends nothing until the first event.
   *
   * @throws ConfigException when the URL is missing or not an {@code http} or {@code https} URL
   *     with a host (the message shows it masked)
   */
  @Override
  public ProgressSink create(SinkContext context) {
    String argument = context.requireArgument(usage());
    String spec = context.name().equals(context.kind()) ? name() : context.name() + "=" + name();
    SecretUrl url;
    try {
      url = SecretUrl.parse(argument);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "flowmeter.sinks",
          spec + ":" + maskedArgument(argument),
          "the URL " + e.getMessage() + " (accepted: " + usage() + ")");
    }
    Format format =
        Format.valueOf(
            context
                .choiceOption("format", "json", Format.words().toArray(new String[0]))
                .toUpperCase(Locale.ROOT));
    EventFilter events = context.parsedOption("events", format.defaultEvents, EventFilter::parse);
    if (url.uri().getScheme().equalsIgnoreCase("http") && !isLoopback(url.uri().getHost())) {
      Diagnostics.once(
          "webhook." + context.name() + ".plain-http",
          "webhook sink '"
              + context.name()
              + "': "
              + url.masked()
              + " is plain http: its token crosses the network unencrypted");
    }
    return WebhookSink.start(
        new WebhookSink.Settings(
            context.name(),
            url,
            format,
            events,
            context.durationOption(
                "interval", defaultInterval(), Duration.ofMillis(1), Duration.ofHours(1)),
            context.durationOption(
                "timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5)),
            (int) context.longOption("max-per-minute", 30, 1, 10_000),
            (int) context.longOption("retries", 4, 0, 100),
            closeWait()));
  }

  /**
   * How long the sink's {@code close()} at exit waits for its last events: half a second less than
   * {@code flowmeter.shutdown-timeout} (2 s by default), which bounds the whole exit, so that what
   * was left is still counted in a line before the JVM ends. Read from the system property or the
   * environment variable, as the agent's arguments are; a value the tracker cannot use either is
   * reported by the tracker, and the default applies here.
   */
  static Duration closeWait() {
    Duration shutdown = Duration.ofSeconds(2);
    String value = System.getProperty(ConfigKeys.SHUTDOWN_TIMEOUT);
    if (value == null) {
      value = System.getenv("FLOWMETER_SHUTDOWN_TIMEOUT");
    }
    if (value != null) {
      try {
        shutdown =
            Values.duration(
                ConfigKeys.SHUTDOWN_TIMEOUT, value, Duration.ZERO, Duration.ofMinutes(1));
      } catch (RuntimeException e) {
        // the tracker says it, once, and uses its default, as this does
      }
    }
    Duration wait = shutdown.minusMillis(500);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /** Something to show of an argument that is not a URL: nothing of it past its first 8 chars. */
  private static String maskedArgument(String argument) {
    String start = argument.strip();
    return start.length() <= 8 ? start : start.substring(0, 8) + SecretUrl.MASK;
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")
          && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // a literal that is no address: not loopback
    }
  }
}
