// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import com.google.auto.service.AutoService;
import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code prometheus:<port>} sink: the {@code otel} sink's instruments served at {@code
 * http://<host>:<port>/metrics} for Prometheus to scrape, in the Prometheus text format, or
 * OpenMetrics when the scraper asks for it, by the OpenTelemetry Prometheus exporter's server.
 *
 * <p>Options: {@code flowmeter.sink.prometheus.host} ({@code 127.0.0.1}; {@code 0.0.0.0} for a
 * Prometheus on another machine), {@code drop} (attributes the instruments lose, as for the {@code
 * otel} sink: {@link DroppedAttributes}) and {@code interval}. The resource ({@code service.name},
 * {@code service.instance.id}, {@code host.name}) comes from the {@code otel.*} keys as for the
 * {@code otel} sink, and is served as {@code target_info}; {@code otel.metrics.exporter} is not
 * used.
 */
@AutoService(SinkProvider.class)
public final class PrometheusSinkProvider implements SinkProvider {
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public PrometheusSinkProvider() {}

  /** Returns {@code prometheus}. */
  @Override
  public String name() {
    return "prometheus";
  }

  /** Returns {@code prometheus:<port>}. */
  @Override
  public String usage() {
    return "prometheus:<port>";
  }

  /** One second, as the {@code otel} sink. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /** The options this sink reads. */
  @Override
  public Set<String> options() {
    return Set.of("host", "interval", "drop");
  }

  /**
   * Starts the server.
   *
   * @throws ConfigException when the port is missing or not a port number
   * @throws IOException when the port is in use or may not be listened on
   */
  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    String argument = context.requireArgument(usage()).strip();
    // ASCII digits only: Integer.parseInt also takes '+9464' and other scripts' digits
    int port = PORT.matcher(argument).matches() ? Integer.parseInt(argument) : -1;
    if (port < 1 || port > 65535) {
      String spec = context.name().equals(context.kind()) ? "" : context.name() + "=";
      throw new ConfigException(
          ConfigKeys.SINKS,
          spec + "prometheus:" + argument,
          port == 0
              ? "would listen on a port picked at random, which Prometheus cannot know (accepted: "
                  + usage()
                  + ", the port from 1 to 65535 Prometheus scrapes)"
              : "is not a port (accepted: " + usage() + ", a port from 1 to 65535)");
    }
    String host = context.option("host", "127.0.0.1").strip();
    DroppedAttributes dropped =
        context.parsedOption("drop", DroppedAttributes.NONE, DroppedAttributes::parse);
    PrometheusHttpServer server;
    try {
      server = PrometheusHttpServer.builder().setHost(host).setPort(port).build();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException(
          "cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
    }
    try {
      return new OtelSink(
          context.name(),
          MetricsSdk.create(context.name(), server, false, dropped),
          CloseWait.duration());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }
}
