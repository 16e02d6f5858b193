// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Values;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OpenTelemetry SDK a sink records into, through the SDK's autoconfiguration: every
 * {@code otel.*} system property and {@code OTEL_*} environment variable applies, over Flowmeter's
 * defaults ({@link #defaults()}). The SDK is never registered as the global one, so an
 * application's own OpenTelemetry is left alone, and it has no shutdown hook of its own: the sink
 * shuts it down when the tracker closes it, within {@code flowmeter.shutdown-timeout}.
 */
final class MetricsSdk {
  /** The {@code service.name} when none is configured. */
  static final String DEFAULT_SERVICE_NAME = "flowmeter";

  /** The key that overrides the default {@code service.instance.id}. */
  static final String INSTANCE_ID_KEY = "otel.service.instance.id";

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> INSTANCE_ID =
      AttributeKey.stringKey("service.instance.id");
  private static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
  private static final Pattern KEY = Pattern.compile("otel\\.[a-z0-9._-]*[a-z0-9]");

  /**
   * The SDK's loggers that would print each failed export, and a malformed setting, on the
   * application's standard error through {@code java.util.logging}: the sink says each once
   * instead. Held, so that their level stays set.
   */
  private static final List<Logger> QUIET = new ArrayList<>();

  private MetricsSdk() {}

  /**
   * The SDK for sink {@code sinkName}.
   *
   * @param reader a reader of the sink's own ({@code prometheus:<port>}'s server), or {@code null}
   * @param exporters whether {@code otel.metrics.exporter} applies; when {@code false} the SDK has
   *     {@code reader} only
   * @throws ConfigException when an {@code otel.*} value is malformed, naming its key
   */
  static OpenTelemetrySdk create(
      String sinkName, @Nullable MetricReader reader, boolean exporters) {
    quietExportLogs();
    AutoConfiguredOpenTelemetrySdkBuilder builder =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(MetricsSdk::defaults)
            .addResourceCustomizer(MetricsSdk::resource)
            .addMetricExporterCustomizer(
                (exporter, config) -> new ReportingExporter(sinkName, exporter, config))
            .setServiceClassLoader(MetricsSdk.class.getClassLoader())
            .disableShutdownHook();
    if (!exporters) {
      builder.addPropertiesCustomizer(config -> Map.of("otel.metrics.exporter", "none"));
    }
    if (reader != null) {
      builder.addMeterProviderCustomizer((meters, config) -> meters.registerMetricReader(reader));
    }
    try {
      return builder.build().getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      throw configException(e);
    }
  }

  /** The SDK's complaint as Flowmeter's one-line error, naming the key it is about. */
  private static ConfigException configException(ConfigurationException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("GrpcSenderProvider")) {
        return new ConfigException(
            "otel.exporter.otlp.protocol",
            "grpc",
            "needs a gRPC sender library, which Flowmeter does not bundle (accepted: http/protobuf,"
                + " the default here, to port 4318)",
            e);
      }
      Matcher key = KEY.matcher(message);
      if (key.find()) {
        return new ConfigException(
            key.group(),
            valueIn(message),
            "is not accepted by the OpenTelemetry SDK (" + message + ")",
            e);
      }
    }
    return new ConfigException(
        "otel.*",
        "?",
        "is not accepted by the OpenTelemetry SDK (" + Diagnostics.describe(e) + ")",
        e);
  }

  /**
   * Flowmeter's defaults, under whatever the user sets: metrics only (the traces and logs exporters
   * {@code none}), exported every 10 s, OTLP over HTTP ({@code http/protobuf}, sent by the JDK's
   * own client: gRPC would need a sender library Flowmeter does not bundle), and a Prometheus
   * exporter that listens on the loopback address only.
   */
  static Map<String, String> defaults() {
    return Map.of(
        "otel.traces.exporter", "none",
        "otel.logs.exporter", "none",
        "otel.metric.export.interval", "10000",
        "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.exporter.prometheus.host", "127.0.0.1");
  }

  /**
   * The resource: {@code service.name} {@value #DEFAULT_SERVICE_NAME} unless one is configured,
   * {@code service.instance.id} from {@value #INSTANCE_ID_KEY}, else from {@code
   * otel.resource.attributes}, else this host's name and this JVM's process id, and {@code
   * host.name}.
   */
  static Resource resource(Resource resource, ConfigProperties config) {
    ResourceBuilder builder = resource.toBuilder();
    boolean namedService =
        config.getString("otel.service.name") != null
            || config.getMap("otel.resource.attributes").containsKey(SERVICE_NAME.getKey());
    if (!namedService) {
      builder.put(SERVICE_NAME, DEFAULT_SERVICE_NAME);
    }
    String host = hostName();
    String instance = config.getString(INSTANCE_ID_KEY);
    if (instance != null && !instance.isBlank()) {
      builder.put(INSTANCE_ID, instance.strip());
    } else if (resource.getAttribute(INSTANCE_ID) == null) {
      builder.put(INSTANCE_ID, host + "-" + ProcessHandle.current().pid());
    }
    if (resource.getAttribute(HOST_NAME) == null) {
      builder.put(HOST_NAME, host);
    }
    return builder.build();
  }

  /**
   * Shuts {@code sdk} down: its periodic reader exports what was recorded last, waiting at most
   * {@code wait}; says once if that was not enough.
   */
  static void shutdown(String sinkName, OpenTelemetrySdk sdk, Duration wait) {
    // the SDK's shutdown may itself wait seconds for its reader's thread (an export retrying an
    // unreachable endpoint), so it runs on a daemon thread of its own and is waited for here
    AtomicBoolean exported = new AtomicBoolean();
    Thread stopping =
        new Thread(
            () ->
                exported.set(
                    sdk.shutdown().join(wait.toMillis(), TimeUnit.MILLISECONDS).isSuccess()),
            "flowmeter-" + sinkName + "-shutdown");
    stopping.setDaemon(true);
    stopping.start();
    try {
      stopping.join(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!exported.get()) {
      Diagnostics.once(
          "otel.close." + sinkName,
          "sink "
              + sinkName
              + ": the last metrics were not exported within "
              + Values.format(wait)
              + " (flowmeter.shutdown-timeout less half a second)");
    }
  }

  private static String hostName() {
    String name = System.getenv("HOSTNAME");
    if (name != null && !name.isBlank()) {
      return name.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      return "localhost";
    }
  }

  /** The value in a message such as {@code Invalid value for property otel.x=abc. Must be...}. */
  private static String valueIn(String message) {
    Matcher key = KEY.matcher(message);
    if (key.find() && key.end() < message.length() && message.charAt(key.end()) == '=') {
      int end = message.indexOf(' ', key.end());
      String value = message.substring(key.end() + 1, end < 0 ? message.length() : end);
      return value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    }
    return "?";
  }

  private static synchronized void quietExportLogs() {
    if (!QUIET.isEmpty()) {
      return;
    }
    for (String name :
        List.of(
            "io.opentelemetry.exporter.otlp.internal.HttpExporter",
            "io.opentelemetry.exporter.otlp.internal.GrpcExporter",
            "io.opentelemetry.sdk.metrics.export.PeriodicMetricReader",
            "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.OFF);
      QUIET.add(logger);
    }
  }
}
