// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowmeter.Direction;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class EventJsonTest {
  private static final ObjectMapper mapper = new ObjectMapper();

  private static final ProgressEvent EVENT =
      event(4, "report\n\"q\".pdf", Status.IN_PROGRESS, false, 1, 3, 2)
          .parentId(2)
          .speed(1.0 / 3)
          .eta(Duration.ofMillis(1500))
          .attributes(Map.of("user", "u1"))
          .build();

  @Test
  void toJson_isOneObjectOnOneLine_withEveryMemberInTheDocumentedOrder() throws IOException {
    String json = EventJson.toJson(EVENT);

    assertThat(json).doesNotContain("\n", "\r");
    JsonNode node = mapper.readTree(json);
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "time",
            "id",
            "parentId",
            "operation",
            "name",
            "unit",
            "status",
            "percentage",
            "bytes",
            "totalBytes",
            "speed",
            "averageSpeed",
            "startTime",
            "elapsedSeconds",
            "estimatedCompletion",
            "error",
            "attributes",
            "lifecycle",
            "final",
            "etaSeconds",
            "source",
            "direction");
    assertThat(node.get("name").asText()).isEqualTo("report\n\"q\".pdf");
    assertThat(node.get("percentage").asDouble()).isEqualTo(33.33); // rounded down
    assertThat(node.get("speed").asDouble()).isEqualTo(0.333);
    assertThat(node.get("etaSeconds").asDouble()).isEqualTo(1.5);
    assertThat(node.get("status").asText()).isEqualTo("in_progress");
    assertThat(node.get("source").asText()).isEqualTo("api"); // the builder's default
    assertThat(node.get("direction").asText()).isEqualTo("unknown");
  }

  @Test
  void toJson_sourceAndDirection_areTheEventsWords() throws IOException {
    ProgressEvent event = EVENT.toBuilder().source("agent.http").direction(Direction.WRITE).build();

    JsonNode node = mapper.readTree(EventJson.toJson(event));

    assertThat(node.get("source").asText()).isEqualTo("agent.http");
    assertThat(node.get("direction").asText()).isEqualTo("write");
  }

  @Test
  void write_toAnyAppendable_isToJson() throws IOException {
    StringWriter writer = new StringWriter();
    StringBuilder builder = new StringBuilder("[");

    EventJson.write(EVENT, writer);
    EventJson.write(EVENT, builder);

    assertThat(writer.toString()).isEqualTo(EventJson.toJson(EVENT));
    assertThat(builder.toString()).isEqualTo("[" + EventJson.toJson(EVENT));
  }
}
