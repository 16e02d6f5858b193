// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import com.google.auto.service.AutoService;
import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code http:<port>} sink: an embedded server on {@code flowmeter.sink.http.host} (default
 * {@code 127.0.0.1}) and {@code <port>} ({@code 0} picks a free one), whose address is printed once
 * on standard error when it starts.
 *
 * <p>Access: {@code flowmeter.sink.http.token} (one secret, the admin's) or {@code
 * flowmeter.sink.http.tokens} (a file of tokens and users) makes every request need {@code
 * Authorization: Bearer <token>}, or a single-use ticket valid for {@code
 * flowmeter.sink.http.ticket-ttl} (30 s) where a browser cannot send the header. Without either,
 * the server binds only to a loopback host.
 */
@AutoService(SinkProvider.class)
public final class HttpSinkProvider implements SinkProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public HttpSinkProvider() {}

  /** Returns {@code http}. */
  @Override
  public String name() {
    return "http";
  }

  /** Returns {@code http:<port>}. */
  @Override
  public String usage() {
    return "http:<port>";
  }

  /** 250 ms: the least time between two progress events of one transfer sent to a client. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofMillis(250);
  }

  /** The options this sink reads. */
  @Override
  public Set<String> options() {
    return Set.of(
        "interval",
        "host",
        "retention",
        "heartbeat",
        "token",
        "tokens",
        "ticket-ttl",
        "metrics-drop");
  }

  /**
   * Starts the server.
   *
   * @throws ConfigException when the port is missing or not a number from 0 to 65535, a token or
   *     the tokens file is unusable, or the host is reachable from other machines and no token is
   *     set (see {@link TokenAccess#from})
   * @throws IOException when the port cannot be bound (in use, or not permitted)
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    String argument = context.requireArgument(usage()).strip();
    int port = port(context, argument);
    String host = context.option("host", "127.0.0.1").strip();
    HttpSink.Settings settings =
        new HttpSink.Settings(
            host,
            port,
            context.durationOption("interval", defaultInterval()),
            context.durationOption("retention", Duration.ofHours(24)),
            context.durationOption("heartbeat", Duration.ofSeconds(15)),
            TokenAccess.from(context, host),
            context.transfers(),
            context.clock(),
            System::nanoTime);
    HttpSink sink = HttpSink.start(settings, MetricsRoute.load(context));
    context.err().println("Flowmeter: progress at " + sink.url());
    return sink;
  }

  private static int port(SinkContext context, String argument) {
    try {
      int port = Integer.parseInt(argument);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "flowmeter.sinks",
        context.name() + ":" + argument,
        "the port must be a number from 0 to 65535 (0 picks a free port)");
  }
}
