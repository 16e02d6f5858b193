// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.sink.ProgressSink;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 100,000 short transfers from 8 threads while 50 clients scrape the {@code prometheus:<port>} sink
 * and {@code /metrics} on the http sink without pause: every scrape answers, and once the burst is
 * delivered both count every byte and every transfer once.
 */
final class BurstAndScrapeStormTest {
  private static final int THREADS = 8;
  private static final int TRANSFERS = 100_000;
  private static final int SIZE = 100;
  private static final int SCRAPERS = 50;

  @Test
  void burst_whileScraped_everyTransferCountedOnceInEachEndpoint() throws Exception {
    int prometheusPort = PrometheusSinkProviderTest.freePort();
    int httpPort = PrometheusSinkProviderTest.freePort();
    ProgressSink prometheus = TestSinks.prometheus(prometheusPort);
    ProgressSink http = TestSinks.http(httpPort);
    Flowmeter.addSink("prometheus", prometheus);
    Flowmeter.addSink("http", http);
    List<URI> endpoints =
        List.of(
            URI.create("http://127.0.0.1:" + prometheusPort + "/metrics"),
            URI.create("http://127.0.0.1:" + httpPort + "/metrics"));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + SCRAPERS);
    AtomicBoolean moving = new AtomicBoolean(true);
    AtomicLong scrapes = new AtomicLong();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      List<Future<?>> scrapers = new ArrayList<>();
      for (int s = 0; s < SCRAPERS; s++) {
        URI endpoint = endpoints.get(s % 2);
        scrapers.add(
            pool.submit(
                () -> {
                  while (moving.get() && failures.size() < 10) {
                    try {
                      HttpResponse<String> response =
                          client.send(
                              HttpRequest.newBuilder(endpoint)
                                  .timeout(Duration.ofSeconds(30))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (response.statusCode() != 200) {
                        failures.add(endpoint + " " + response.statusCode());
                      }
                      scrapes.incrementAndGet();
                    } catch (java.io.IOException e) {
                      failures.add(endpoint + " " + e);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                  }
                }));
      }
      List<Future<?>> movers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        movers.add(
            pool.submit(
                () -> {
                  byte[] data = new byte[SIZE];
                  for (int i = 0; i < TRANSFERS / THREADS; i++) {
                    try (InputStream in =
                        Flowmeter.wrap(new ByteArrayInputStream(data), "burst.bin", SIZE)) {
                      in.readAllBytes();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> mover : movers) {
        mover.get(5, TimeUnit.MINUTES);
      }
      moving.set(false);
      for (Future<?> scraper : scrapers) {
        scraper.get(1, TimeUnit.MINUTES);
      }
      assertThat(failures).isEmpty();
      assertThat(scrapes.get()).isPositive();
      assertThat(Flowmeter.flush(120_000)).isTrue();

      for (URI endpoint : endpoints) {
        String body =
            client
                .send(
                    HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        String read = "{direction=\"read\",operation=\"read\",otel_scope_name=\"dev.flowmeter\"";
        assertThat(PrometheusSinkProviderTest.sample(body, "flowmeter_bytes_total" + read))
            .as(endpoint.toString())
            .isEqualTo((double) TRANSFERS * SIZE);
        assertThat(
                PrometheusSinkProviderTest.sample(
                    body,
                    "flowmeter_transfers_finished_total"
                        + read
                        + ",source=\"api\",status=\"completed\""))
            .as(endpoint.toString())
            .isEqualTo((double) TRANSFERS);
        assertThat(PrometheusSinkProviderTest.sample(body, "flowmeter_transfers_active" + read))
            .as(endpoint.toString())
            .isZero();
      }
    } finally {
      moving.set(false);
      pool.shutdownNow();
      Flowmeter.removeSink(prometheus);
      Flowmeter.removeSink(http);
    }
  }
}
