// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.ProgressSink;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@code otel} sink when the OpenTelemetry Java agent is attached too: records into that
 * agent's meter provider instead of starting a second SDK, so that the metrics carry its resource,
 * go through its exporter and follow its {@code otel.*} configuration; Flowmeter's defaults ({@code
 * service.name} {@code flowmeter}, the 10 s interval) do not apply. One line says so.
 *
 * <p>The way in is the API's {@link GlobalOpenTelemetry}, which that agent bridges to its own SDK
 * in whatever class loader loads it, as long as the class keeps its name: under the Flowmeter
 * agent, this sink runs from the bundle that holds the unrelocated API and no SDK ({@code
 * inst/otel-api/}), which the Flowmeter agent reads only when the OpenTelemetry Java agent is
 * attached.
 *
 * <p>{@link GlobalOpenTelemetry} is first touched at the first event after the OpenTelemetry Java
 * agent started: with that agent after Flowmeter's on the command line, this sink is made before
 * the other agent's {@code premain}, and a class loaded then would never be bridged. Events before
 * that are not recorded; a transfer's bytes are counted as differences, so its next event brings
 * them. At close, the OpenTelemetry Java agent is asked to export what was recorded ({@code
 * OpenTelemetrySdkAccess.forceFlush} of its bootstrap classes), within the sink's close wait: its
 * own exit hook runs at the same time, and one that shut its SDK down first has exported the counts
 * of its last interval only.
 *
 * <p>Not thread-safe: the sink's one dispatch thread calls it.
 */
final class JavaAgentSink implements ProgressSink {
  /** A class the OpenTelemetry Java agent puts on the bootstrap class path when it starts. */
  static final String BOOTSTRAP_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

  private static final String FLUSH_CLASS =
      "io.opentelemetry.javaagent.bootstrap.OpenTelemetrySdkAccess";

  private final String name;
  private final Duration closeWait;
  private @Nullable TransferMetrics metrics;

  /**
   * The sink {@code name}; {@code dropSet} when its {@code drop} option is set, which does not
   * apply here: the attributes are dropped by views of an SDK, and that agent's SDK is its own.
   */
  JavaAgentSink(String name, boolean dropSet, Duration closeWait) {
    this.name = name;
    this.closeWait = closeWait;
    Diagnostics.once(
        "otel.javaagent." + name,
        "sink "
            + name
            + ": the OpenTelemetry Java agent is attached: reporting into its meter provider (its"
            + " resource, exporter and otel.* settings); Flowmeter starts no OpenTelemetry SDK");
    if (dropSet) {
      Diagnostics.once(
          "otel.javaagent.drop." + name,
          "sink "
              + name
              + ": flowmeter.sink."
              + name
              + ".drop does not apply beside the OpenTelemetry Java agent, whose SDK is its own");
    }
  }

  /**
   * Whether the {@code otel} sink is this one: the OpenTelemetry API here keeps its name (not the
   * Flowmeter agent's relocated copy in {@code inst/otel/}, which the OpenTelemetry Java agent
   * would never bridge), and either that agent has started or there is no SDK beside this API (the
   * Flowmeter agent's {@code inst/otel-api/}, read because that agent is on the command line, after
   * Flowmeter's).
   */
  static boolean applies() {
    if (!AttributeKey.class.getName().startsWith("io.")) {
      return false;
    }
    return started() || !present("io.opentelemetry.sdk.metrics.SdkMeterProvider");
  }

  private static boolean started() {
    try {
      Class.forName(BOOTSTRAP_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, JavaAgentSink.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void onEvent(ProgressEvent event) {
    TransferMetrics recording = metrics;
    if (recording == null) {
      if (!started()) {
        return; // before the other agent's premain: see the class's notes
      }
      recording = new TransferMetrics(bridged().getMeterProvider(), name);
      metrics = recording;
    }
    recording.record(event);
  }

  /** The global OpenTelemetry; says once if it is not the OpenTelemetry Java agent's bridge. */
  private OpenTelemetry bridged() {
    OpenTelemetry global = GlobalOpenTelemetry.get();
    String type = global.getClass().getName();
    if (!type.startsWith("io.opentelemetry.javaagent.")) {
      Diagnostics.once(
          "otel.javaagent.bridge." + name,
          "sink "
              + name
              + ": the OpenTelemetry Java agent did not bridge GlobalOpenTelemetry (it is "
              + type
              + "; is otel.instrumentation.opentelemetry-api.enabled false?): nothing is recorded");
    }
    return global;
  }

  /** Asks the OpenTelemetry Java agent to export now; see the class's notes. */
  @Override
  public void close() {
    if (metrics == null) {
      return;
    }
    try {
      Class.forName(FLUSH_CLASS, false, null)
          .getMethod("forceFlush", long.class, TimeUnit.class)
          .invoke(null, closeWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // an OpenTelemetry Java agent without it: its exporter sends the counts at its next export
    }
  }

  @Override
  public String toString() {
    return "JavaAgentSink(" + name + ")";
  }
}
