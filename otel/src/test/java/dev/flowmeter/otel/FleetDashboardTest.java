// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard parses, asks a data source variable for every query (no UID of one
 * Grafana's data source written in), queries only Flowmeter's metrics, and the README lists exactly
 * its queries, so that the two cannot drift. The agent's {@code FleetTest} runs the queries against
 * a real Prometheus.
 */
final class FleetDashboardTest {
  @Test
  void dashboard_hasTheFourPanelsEachWithPromQl() throws Exception {
    Map<String, List<String>> queries = FleetDashboard.queries();

    assertThat(queries)
        .containsOnlyKeys(
            "Throughput per instance",
            "Active transfers",
            "Failures by operation",
            "Transfer duration percentiles");
    assertThat(queries.get("Throughput per instance"))
        .containsExactly("sum by (instance) (rate(flowmeter_bytes_total[1m]))");
    assertThat(queries.get("Transfer duration percentiles"))
        .hasSize(3)
        .allMatch(q -> q.startsWith("histogram_quantile("))
        .allMatch(q -> q.contains("flowmeter_transfer_duration_seconds_bucket"));
    queries.values().forEach(exprs -> assertThat(exprs).isNotEmpty().allMatch(q -> !q.isBlank()));
  }

  @Test
  void dashboard_takesItsDataSourceFromAVariable() throws Exception {
    JsonNode json = FleetDashboard.json();

    JsonNode variable = json.path("templating").path("list").get(0);
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    List<String> uids = new ArrayList<>();
    json.findParents("datasource")
        .forEach(parent -> uids.add(parent.path("datasource").path("uid").asText("none")));
    json.path("panels").forEach(panel -> assertThat(panel.has("datasource")).isTrue());
    assertThat(uids).isNotEmpty().containsOnly("${datasource}");
    assertThat(json.path("uid").isNull()).as("a fixed dashboard uid").isTrue();
  }

  @Test
  void readme_listsExactlyTheDashboardsQueries() throws Exception {
    Map<String, List<String>> queries = FleetDashboard.queries();

    assertThat(FleetDashboard.readmeQueries())
        .containsExactlyInAnyOrderElementsOf(
            queries.values().stream().flatMap(List::stream).toList());
    assertThat(FleetDashboard.readmeSection()).contains(queries.keySet());
  }
}
