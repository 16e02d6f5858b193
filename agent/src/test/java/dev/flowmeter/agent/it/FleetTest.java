// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowmeter.otel.FleetDashboard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fleet against a real Prometheus server: three worker JVMs under the agent, each with the {@code
 * prometheus:<port>} sink the agent jar carries and a {@code service.instance.id} of its own, copy
 * files of different sizes through plain file streams ({@code agent.file}); the third also writes
 * into a named pipe until its reader is gone, which fails the write after more than 1 MiB. A
 * Prometheus started here scrapes all three every second; the test queries its HTTP API until the
 * fleet's bytes equal what the workers moved and every instance is there, then checks the finished
 * transfers by status, the duration histogram, the active gauge, and runs each Grafana panel's
 * query. Workers and Prometheus are stopped whatever happens; Prometheus's log and the workers'
 * output stay in {@code target/fleet-it}.
 */
final class FleetTest {
  private static final Path DIR = Path.of("target", "fleet-it").toAbsolutePath();
  private static final Path DASHBOARD = Path.of("..", "otel", "grafana", "flowmeter-fleet.json");
  private static final long[] SIZES = {(2L << 20) + 1_111, (3L << 20) + 2_222, (4L << 20) + 3_333};
  private static final long TIMEOUT_SECONDS = 60;

  @Test
  void threeWorkers_scrapedByPrometheus_addUpToTheBytesTheyMoved() throws Exception {
    clean(DIR);
    Path stop = DIR.resolve("stop");
    Map<String, Long> expectedBytes = new TreeMap<>(); // by instance, the failed write added below
    Map<String, String> expectedIds = new TreeMap<>();
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      String target = "127.0.0.1:" + PrometheusServer.freePort();
      targets.add(target);
      expectedBytes.put(target, 2 * SIZES[i]); // read once, written once
      expectedIds.put(target, "worker-" + (i + 1));
    }
    long started = System.nanoTime();
    List<Process> workers = new ArrayList<>();
    try (PrometheusServer prometheus =
        PrometheusServer.start(DIR, PrometheusServer.freePort(), targets)) {
      try {
        for (int i = 0; i < SIZES.length; i++) {
          workers.add(startWorker(i, targets.get(i), stop));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        expectedBytes.merge(targets.get(2), failedWrite(deadline), Long::sum);
        awaitFleet(deadline, prometheus, expectedBytes, expectedIds);
        long total = expectedBytes.values().stream().mapToLong(Long::longValue).sum();
        long read = Arrays.stream(SIZES).sum();
        System.out.printf(
            "FleetTest: %d bytes of 3 workers in Prometheus after %d ms%n",
            total, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        assertThat(
                byLabel(
                    prometheus.query("sum by (direction) (flowmeter_bytes_total)"), "direction"))
            .containsExactlyInAnyOrderEntriesOf(Map.of("read", read, "write", total - read));
        assertThat(
                byLabel(
                    prometheus.query(
                        "sum by (status, operation) (flowmeter_transfers_finished_total)"),
                    "status"))
            .as("two completed per worker (read, write), worker-3's write to a pipe failed")
            .containsExactlyInAnyOrderEntriesOf(Map.of("completed", 6L, "failed", 1L));
        assertThat(
                byLabel(
                    prometheus.query(
                        "sum by (operation) (flowmeter_transfers_finished_total{status=\"failed\"})"),
                    "operation"))
            .containsExactlyEntriesOf(Map.of("write", 1L));
        assertThat(
                byLabel(
                    prometheus.query("sum by (status) (flowmeter_transfer_duration_seconds_count)"),
                    "status"))
            .containsExactlyInAnyOrderEntriesOf(Map.of("completed", 6L, "failed", 1L));
        assertThat(
                byLabel(
                    prometheus.query("sum by (instance) (flowmeter_transfers_active)"), "instance"))
            .containsOnlyKeys(targets)
            .allSatisfy((instance, active) -> assertThat(active).isZero());
        Map<String, Long> bytesById = new TreeMap<>();
        expectedIds.forEach((instance, id) -> bytesById.put(id, expectedBytes.get(instance)));
        assertThat(
                byLabel(
                    prometheus.query(
                        "sum by (service_instance_id) (flowmeter_bytes_total * on (job, instance)"
                            + " group_left (service_instance_id) target_info)"),
                    "service_instance_id"))
            .as("the README's join of target_info")
            .isEqualTo(bytesById);
        // the README's model: 2 C + 19 S + 1 (target_info), C = 2 combinations, S = 2 or 3 statuses
        assertThat(
                byLabel(
                    prometheus.query(
                        "count by (instance) ({job=\"flowmeter\", __name__=~\"flowmeter_.*|target_info\"})"),
                    "instance"))
            .isEqualTo(Map.of(targets.get(0), 43L, targets.get(1), 43L, targets.get(2), 62L));
        System.out.println(
            "FleetTest: series per instance "
                + byLabel(
                    prometheus.query("count by (instance) ({job=\"flowmeter\"})"), "instance"));
        System.out.println(
            "FleetTest: series per metric, "
                + targets.get(2)
                + " "
                + byLabel(
                    prometheus.query("count by (__name__) ({instance=\"" + targets.get(2) + "\"})"),
                    "__name__"));

        // a rate needs two scrapes of a series: each panel is given until the deadline
        for (Map.Entry<String, List<String>> panel : FleetDashboard.queries(DASHBOARD).entrySet()) {
          for (String expr : panel.getValue()) {
            JsonNode result = prometheus.query(expr);
            while (result.isEmpty() && System.nanoTime() < deadline) {
              Thread.sleep(250);
              result = prometheus.query(expr);
            }
            assertThat(result).as(panel.getKey() + ": " + expr).isNotEmpty();
          }
        }
      } catch (Exception | AssertionError e) {
        e.addSuppressed(
            new AssertionError("logs in " + DIR + "; prometheus:\n" + tail(prometheus)));
        throw e;
      } finally {
        stopWorkers(workers, stop);
      }
    }
    System.out.printf(
        "FleetTest: whole run %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    for (int i = 0; i < SIZES.length; i++) {
      assertThat(
              Files.readString(DIR.resolve("worker-" + (i + 1) + ".log"), StandardCharsets.UTF_8))
          .contains("done " + SIZES[i]);
    }
  }

  private static Process startWorker(int index, String target, Path stop) throws Exception {
    String id = "worker-" + (index + 1);
    Path source = Files.write(DIR.resolve(id + ".in"), new byte[(int) SIZES[index]]);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Dotel.service.instance.id=" + id);
    command.add(
        "-javaagent:"
            + Forked.AGENT
            + "=flowmeter.sinks=prometheus:"
            + target.substring(target.indexOf(':') + 1));
    command.add("-cp");
    command.add(
        Path.of(FleetWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
    command.add(FleetWorker.class.getName());
    command.add(source.toString());
    command.add(DIR.resolve(id + ".out").toString());
    command.add(stop.toString());
    if (index == SIZES.length - 1) {
      command.add(DIR.resolve(id + ".pipe").toString());
    }
    return FleetWorker.start(command, DIR.resolve(id + ".log"));
  }

  /**
   * Queries until the bytes per instance and each instance's {@code service_instance_id} are those
   * expected, or fails after {@link #TIMEOUT_SECONDS} with what Prometheus last had.
   */
  private static void awaitFleet(
      long deadline, PrometheusServer prometheus, Map<String, Long> bytes, Map<String, String> ids)
      throws Exception {
    Map<String, Long> lastBytes = Map.of();
    Map<String, String> lastIds = Map.of();
    long lastSum = -1;
    while (System.nanoTime() < deadline) {
      lastBytes =
          byLabel(prometheus.query("sum by (instance) (flowmeter_bytes_total)"), "instance");
      JsonNode sum = prometheus.query("sum(flowmeter_bytes_total)");
      lastSum =
          sum.isEmpty() ? -1 : (long) Double.parseDouble(sum.get(0).path("value").get(1).asText());
      lastIds = new TreeMap<>();
      for (JsonNode series : prometheus.query("target_info")) {
        lastIds.put(
            series.path("metric").path("instance").asText(),
            series.path("metric").path("service_instance_id").asText());
      }
      if (lastBytes.equals(bytes)
          && lastIds.equals(ids)
          && lastSum == bytes.values().stream().mapToLong(Long::longValue).sum()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "in "
            + TIMEOUT_SECONDS
            + " s Prometheus had bytes "
            + lastBytes
            + " (sum "
            + lastSum
            + "), instances "
            + lastIds
            + "; expected "
            + bytes
            + ", "
            + ids);
  }

  /** The bytes the last worker wrote before its write failed, as it prints them. */
  private static long failedWrite(long deadline) throws Exception {
    Path log = DIR.resolve("worker-" + SIZES.length + ".log");
    Pattern failed = Pattern.compile("^failed after (\\d+): ", Pattern.MULTILINE);
    String printed = "";
    while (System.nanoTime() < deadline) {
      printed = Files.readString(log, StandardCharsets.UTF_8);
      Matcher matcher = failed.matcher(printed);
      if (matcher.find()) {
        return Long.parseLong(matcher.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the failing write did not end in " + TIMEOUT_SECONDS + " s:\n" + printed);
  }

  /** An instant vector's values by one label, as whole numbers. */
  private static Map<String, Long> byLabel(JsonNode result, String label) {
    Map<String, Long> values = new TreeMap<>();
    for (JsonNode series : result) {
      values.merge(
          series.path("metric").path(label).asText(),
          (long) Double.parseDouble(series.path("value").get(1).asText()),
          Long::sum);
    }
    return values;
  }

  private static void stopWorkers(List<Process> workers, Path stop) throws Exception {
    Files.writeString(stop, "stop");
    for (Process worker : workers) {
      if (!worker.waitFor(10, TimeUnit.SECONDS)) {
        worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String tail(PrometheusServer prometheus) {
    try {
      List<String> lines = prometheus.log().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
  }
}
