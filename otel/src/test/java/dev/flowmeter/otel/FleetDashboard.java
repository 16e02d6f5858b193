// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard the module ships ({@code otel/grafana/flowmeter-fleet.json}) and the
 * README's table of its queries, read the same way by {@link FleetDashboardTest} and the agent's
 * fleet test (through the test-jar). Paths are relative to the module, where Surefire runs.
 */
public final class FleetDashboard {
  static final Path FILE = Path.of("grafana", "flowmeter-fleet.json");
  static final Path README = Path.of("..", "README.md");
  static final String README_HEADING = "### The Grafana dashboard";

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private FleetDashboard() {}

  static JsonNode json() throws IOException {
    return json(FILE);
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Each panel's title and the PromQL of its targets, in the file's order. */
  static Map<String, List<String>> queries() throws IOException {
    return queries(FILE);
  }

  /** Each panel's title and the PromQL of its targets in the dashboard {@code file}. */
  public static Map<String, List<String>> queries(Path file) throws IOException {
    Map<String, List<String>> queries = new LinkedHashMap<>();
    for (JsonNode panel : json(file).path("panels")) {
      List<String> exprs = new ArrayList<>();
      panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
      queries.put(panel.path("title").asText(), exprs);
    }
    return queries;
  }

  /**
   * The README's dashboard section (from {@link #README_HEADING} to the next heading): the code
   * spans in the table rows that hold a metric name.
   */
  static Set<String> readmeQueries() throws IOException {
    Set<String> queries = new LinkedHashSet<>();
    for (String line : readmeSection().lines().toList()) {
      if (line.startsWith("|")) {
        Matcher code = CODE.matcher(line);
        while (code.find()) {
          if (code.group(1).contains("flowmeter_")) {
            queries.add(code.group(1));
          }
        }
      }
    }
    return queries;
  }

  static String readmeSection() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n" + README_HEADING + "\n");
    if (start < 0) {
      throw new AssertionError("no section '" + README_HEADING + "' in " + README);
    }
    int end = readme.indexOf("\n#", start + README_HEADING.length() + 2);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }
}
