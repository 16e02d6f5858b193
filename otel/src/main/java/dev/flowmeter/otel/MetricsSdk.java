// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Text;
import dev.flowmeter.internal.Values;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

  private final String sinkName;
  private final OpenTelemetrySdk sdk;
  private final LastExport last;

  private MetricsSdk(String sinkName, OpenTelemetrySdk sdk, LastExport last) {
    this.sinkName = sinkName;
    this.sdk = sdk;
    this.last = last;
  }

  /** Where the sink records. */
  MeterProvider meterProvider() {
    return sdk.getSdkMeterProvider();
  }

  /**
   * The SDK for sink {@code sinkName}.
   *
   * @param reader a reader of the sink's own ({@code prometheus:<port>}'s server), or {@code null}
   * @param exporters whether {@code otel.metrics.exporter} applies; when {@code false} the SDK has
   *     {@code reader} only
   * @param dropped the attributes the instruments lose, by views
   * @throws ConfigException when an {@code otel.*} value is malformed, naming its key
   */
  static MetricsSdk create(
      String sinkName,
      @Nullable MetricReader reader,
      boolean exporters,
      DroppedAttributes dropped) {
    quietExportLogs();
    ExitClock.install();
    LastExport last = new LastExport();
    AutoConfiguredOpenTelemetrySdkBuilder builder =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(MetricsSdk::defaults)
            .addResourceCustomizer(MetricsSdk::resource)
            .addMetricExporterCustomizer(
                (exporter, config) -> new ReportingExporter(sinkName, exporter, config, last))
            .setServiceClassLoader(MetricsSdk.class.getClassLoader())
            .disableShutdownHook();
    if (!exporters) {
      builder.addPropertiesCustomizer(config -> Map.of("otel.metrics.exporter", "none"));
    }
    if (reader != null) {
      builder.addMeterProviderCustomizer((meters, config) -> meters.registerMetricReader(reader));
    }
    if (!dropped.isEmpty()) {
      builder.addMeterProviderCustomizer(
          (meters, config) -> {
            dropped.register(meters);
            return meters;
          });
    }
    try {
      return new MetricsSdk(sinkName, builder.build().getOpenTelemetrySdk(), last);
    } catch (ConfigurationException e) {
      throw configException(e);
    }
  }

  /**
   * The SDK's complaint as Flowmeter's one-line error, naming the key it is about and the value
   * set. The SDK names the key in some complaints ({@code Unrecognized value for
   * otel.metrics.exporter: foo}) and only the value or the setting's last word in others ({@code
   * OTLP endpoint must be a valid URL: not a url}, {@code interval must be positive}, under an
   * {@code Unexpected configuration error}): the key is then the one set whose value, or whose last
   * word, the complaint has.
   */
  private static ConfigException configException(ConfigurationException e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null && messages.size() < 5; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && !message.isBlank()
          && !message.equals("Unexpected configuration error")
          && !messages.contains(message)) {
        messages.add(message);
      }
      if (message != null && message.contains("GrpcSenderProvider")) {
        return new ConfigException(
            "otel.exporter.otlp.protocol",
            "grpc",
            "needs a gRPC sender library, which Flowmeter does not bundle (accepted: http/protobuf,"
                + " the default here, to port 4318)",
            e);
      }
    }
    String said = messages.isEmpty() ? Diagnostics.describe(e) : String.join(": ", messages);
    Map<String, String> set = userSettings();
    String key = keyIn(said, set);
    return new ConfigException(
        key != null ? key : "otel.*",
        key != null && set.containsKey(key) ? set.get(key) : "?",
        "is not accepted by the OpenTelemetry SDK (" + Text.sanitize(said) + ")",
        e);
  }

  /**
   * The key {@code said} is about: one it names, else the set one it quotes or names the end of.
   */
  private static @Nullable String keyIn(String said, Map<String, String> set) {
    Matcher named = KEY.matcher(said);
    if (named.find()) {
      return named.group();
    }
    String words = said.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : set.entrySet()) {
      String value = e.getValue().strip();
      if (value.length() > 2 && said.contains(value)) { // not a digit or two found by chance
        return e.getKey();
      }
    }
    for (String key : set.keySet()) {
      if (words.contains(key.substring(key.lastIndexOf('.') + 1))) {
        return key;
      }
    }
    return null;
  }

  /** The {@code otel.*} keys set as system properties or {@code OTEL_*} environment variables. */
  private static Map<String, String> userSettings() {
    Map<String, String> set = new TreeMap<>();
    System.getenv()
        .forEach(
            (name, value) -> {
              if (name.startsWith("OTEL_")) {
                set.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
              }
            });
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("otel.")) {
        set.put(name, System.getProperty(name, ""));
      }
    }
    return set;
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
   * Shuts the SDK down: its periodic reader exports what was recorded last, waiting at most {@code
   * closeWait} (at exit, counted from the exit's start: {@link ExitClock}); says once if that
   * export was not sent in time, with how many points it had (a failed one is said by the exporter,
   * {@link ReportingExporter}).
   */
  void shutdown(Duration closeWait) {
    Duration wait = ExitClock.left(closeWait);
    last.closing();
    // the SDK's shutdown may itself wait seconds for its reader's thread (an export retrying an
    // unreachable endpoint), so it runs on a daemon thread of its own and is waited for here
    AtomicBoolean stopped = new AtomicBoolean();
    Thread stopping =
        new Thread(
            () ->
                stopped.set(
                    sdk.shutdown().join(wait.toMillis(), TimeUnit.MILLISECONDS).isSuccess()),
            "flowmeter-" + sinkName + "-shutdown");
    stopping.setDaemon(true);
    stopping.start();
    try {
      stopping.join(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String within =
        " within "
            + Values.format(wait)
            + " (what flowmeter.shutdown-timeout left of the exit, less half a second)";
    if (last.isPending()) {
      Diagnostics.once(
          "otel.close." + sinkName,
          "sink "
              + sinkName
              + ": the last export ("
              + last.points()
              + " metric points) was not sent to "
              + last.target()
              + within
              + "; it is lost with the program's exit");
    } else if (!stopped.get() && !last.hasEnded()) {
      Diagnostics.once(
          "otel.close." + sinkName,
          "sink " + sinkName + ": the last metrics were not exported" + within);
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
