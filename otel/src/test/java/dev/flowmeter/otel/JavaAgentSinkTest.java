// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code otel} sink's way into the OpenTelemetry Java agent, without that agent: it is not
 * chosen, and, made anyway, it never touches {@link GlobalOpenTelemetry} before that agent started
 * (the agent's tests attach the real one).
 */
final class JavaAgentSinkTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void captureDiagnostics() {
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  @Test
  void applies_notWithoutTheJavaAgent_whereTheSdkIsPresent() throws Exception {
    assertThat(JavaAgentSink.applies()).isFalse();
    try (SystemProperties properties =
        new SystemProperties().set("otel.metrics.exporter", "none")) {
      ProgressSink sink = new OtelSinkProvider().create(SinkContext.builder("otel").build());
      sink.close();
      assertThat(sink).isInstanceOf(OtelSink.class);
    }
  }

  @Test
  void beforeTheJavaAgentStarted_recordsNothing_andLeavesTheGlobalAlone() {
    JavaAgentSink sink = new JavaAgentSink("otel", Duration.ofMillis(100));
    Events copy = new Events(1, "copy");
    sink.onEvent(copy.started());
    sink.onEvent(copy.progress(4096));
    sink.close();

    assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "flowmeter: sink otel: the OpenTelemetry Java agent is attached: reporting into its"
                + " meter provider (its resource, exporter and otel.* settings); Flowmeter starts"
                + " no OpenTelemetry SDK");
  }
}
