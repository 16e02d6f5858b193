// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.SinkContext;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * What answers {@code GET /metrics} on the http sink's server: metrics made from the events the
 * sink receives, in the Prometheus text format.
 *
 * <p>The http module has none of its own, so that it needs no metrics library: the {@code
 * flowmeter-otel} module provides one through {@link Factory}, found with {@link
 * java.util.ServiceLoader} when that module is on the class path (or in {@code
 * flowmeter.extensions} under the agent). Without one, {@code /metrics} answers 404 naming the
 * module.
 *
 * <p>{@link #onEvent} is called on the sink's thread, {@link #scrape} on the server's worker
 * threads, concurrently with it.
 */
public interface MetricsEndpoint {
  /** Records one event the http sink received. */
  void onEvent(ProgressEvent event);

  /**
   * Writes the current metrics to {@code out} in the format {@code accept} (the request's {@code
   * Accept} header, or {@code null}) asks for, and returns that format's content type.
   *
   * <p>The content type is returned after the body is written, so a caller buffers the body.
   */
  String scrape(@Nullable String accept, OutputStream out) throws IOException;

  /** Stops recording; called when the http sink closes. */
  void close();

  /**
   * Makes the endpoint of one http sink; registered as a {@link java.util.ServiceLoader} service.
   */
  interface Factory {
    /** A new endpoint for the http sink named {@code sinkName}. */
    MetricsEndpoint create(String sinkName);

    /**
     * A new endpoint for the http sink configured by {@code context}, whose options it may read
     * (those the http sink declares for it, {@code metrics-drop}); by default {@link
     * #create(String)} with the sink's name.
     *
     * @throws dev.flowmeter.ConfigException when such an option is malformed and start-up fails
     *     fast
     */
    default MetricsEndpoint create(SinkContext context) {
      return create(context.name());
    }
  }
}
