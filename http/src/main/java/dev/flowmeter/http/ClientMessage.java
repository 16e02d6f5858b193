// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A message from a WebSocket client, {@code {"action":"subscribe"|"unsubscribe","task_id":"42"|42|
 * "*"}}, read with a streaming JSON parser; other members are ignored. Anything else is refused
 * with a reason meant for the client ({@link Refused}).
 *
 * @param subscribe whether it subscribes (else it unsubscribes)
 * @param taskId the task id, or {@code "*"} for every task the client may see
 */
record ClientMessage(boolean subscribe, String taskId) {
  private static final JsonFactory factory =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(16)
                  .maxStringLength(4096)
                  .maxNumberLength(32)
                  .build())
          .build();

  /** Whether the message is about every task the client may see. */
  boolean all() {
    return taskId.equals("*");
  }

  /** The message {@code text}. */
  static ClientMessage parse(String text) throws Refused {
    String action = null;
    String taskId = null;
    try (JsonParser parser = factory.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new Refused(
            "expected a JSON object such as {\"action\":\"subscribe\",\"task_id\":\"*\"}");
      }
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("action".equals(field)) {
          action = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          if (action == null) {
            throw new Refused("action must be a string");
          }
        } else if ("task_id".equals(field)) {
          taskId = taskId(parser, value);
        } else {
          parser.skipChildren(); // an unknown member: ignored
        }
      }
      if (parser.nextToken() != null) {
        throw new Refused("one JSON object per message");
      }
    } catch (Refused e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new Refused("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Refused("not valid JSON");
    }
    if (action == null || taskId == null) {
      throw new Refused("a message needs \"action\" and \"task_id\"");
    }
    if (!action.equals("subscribe") && !action.equals("unsubscribe")) {
      throw new Refused("unknown action (accepted: subscribe, unsubscribe)");
    }
    return new ClientMessage(action.equals("subscribe"), taskId);
  }

  private static String taskId(JsonParser parser, @Nullable JsonToken value) throws IOException {
    String id;
    if (value == JsonToken.VALUE_STRING) {
      id = parser.getText();
    } else if (value == JsonToken.VALUE_NUMBER_INT) {
      id = parser.getText();
    } else {
      throw new Refused("task_id must be a task id or \"*\"");
    }
    if (!id.equals("*") && Api.id(id) <= 0) {
      throw new Refused("task_id must be a task id or \"*\"");
    }
    return id;
  }

  /** Why a message was refused, said to the client in an {@code error} message. */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }
}
