// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.JsonWriter;
import dev.flowmeter.sink.LiveTransfers;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The REST part of the API: {@code GET /api/progress} with its filters, {@code GET
 * /api/progress/{id}}, {@code POST /api/progress/{id}/cancel} and {@code POST /api/tickets}. Every
 * handler runs behind {@link AccessHandler}, on a worker thread (a cancel runs the application's
 * cancel actions, which may take a moment).
 *
 * <p>A transfer the caller may not see answers exactly as one that does not exist: {@code 404
 * {"error":"not found"}}.
 */
final class Api {
  private static final Set<String> STATES =
      Set.of(
          "pending",
          "downloading",
          "uploading",
          "transferring",
          "processing",
          "completed",
          "failed",
          "cancelled",
          "active",
          "finished");

  private final TransferStore store;
  private final LiveTransfers transfers;
  private final Access access;
  private final Duration ticketTtl;

  Api(TransferStore store, LiveTransfers transfers, Access access, Duration ticketTtl) {
    this.store = store;
    this.transfers = transfers;
    this.access = access;
    this.ticketTtl = ticketTtl;
  }

  /** {@code GET /api/progress?status=&operation=&parent=}. */
  void list(HttpServerExchange exchange) {
    if (!allowed(exchange, Methods.GET)) {
      return;
    }
    Caller caller = AccessHandler.caller(exchange);
    String status = query(exchange, "status");
    String operation = query(exchange, "operation");
    String parent = query(exchange, "parent");
    if (status != null && !STATES.contains(status)) {
      Responses.error(
          exchange,
          400,
          "unknown status '" + status + "' (accepted: " + String.join(", ", sorted()) + ")");
      return;
    }
    long parentId = 0;
    if (parent != null) {
      parentId = id(parent);
      if (parentId <= 0) {
        Responses.error(exchange, 400, "parent must be a task id, not '" + parent + "'");
        return;
      }
    }
    long wantedParent = parentId;
    Predicate<ProgressEvent> filter =
        event ->
            caller.maySee(event)
                && (status == null || hasState(event, status))
                && (operation == null || operation.equals(event.operation()))
                && (wantedParent == 0 || event.parentId() == wantedParent);
    Responses.json(exchange, 200, TaskJson.list(store.list(filter), store::children));
  }

  private static List<String> sorted() {
    return STATES.stream().sorted().toList();
  }

  private static boolean hasState(ProgressEvent event, String status) {
    switch (status) {
      case "active":
        return !event.status().isFinal();
      case "finished":
        return event.status().isFinal();
      default:
        return status.equals(TaskJson.state(event));
    }
  }

  /** {@code GET /api/progress/{id}} and {@code POST /api/progress/{id}/cancel}. */
  void one(HttpServerExchange exchange) {
    String path = exchange.getRelativePath();
    String rest = path.startsWith("/") ? path.substring(1) : path;
    boolean cancel = rest.endsWith("/cancel");
    String idText = cancel ? rest.substring(0, rest.length() - "/cancel".length()) : rest;
    long id = id(idText);
    Caller caller = AccessHandler.caller(exchange);
    Optional<ProgressEvent> event = id > 0 ? visible(id, caller) : Optional.empty();
    if (event.isEmpty()) {
      Responses.error(exchange, 404, "not found");
    } else if (!cancel) {
      if (allowed(exchange, Methods.GET)) {
        Responses.json(exchange, 200, TaskJson.transfer(event.get(), store::children));
      }
    } else if (allowed(exchange, Methods.POST)) {
      boolean cancelled = transfers.cancel(id, "cancelled over HTTP by " + caller.user());
      String state =
          cancelled ? "cancelled" : TaskJson.state(transfers.find(id).orElse(event.get()));
      String body =
          new JsonWriter()
              .beginObject()
              .name("task_id")
              .value(Long.toString(id))
              .name("cancelled")
              .value(cancelled)
              .name("state")
              .value(state)
              .endObject()
              .toString();
      Responses.json(exchange, 200, body);
    }
  }

  private Optional<ProgressEvent> visible(long id, Caller caller) {
    Optional<ProgressEvent> event = store.find(id);
    if (event.isEmpty()) {
      event = transfers.find(id); // known to the tracker, not yet delivered to this sink
    }
    return event.filter(caller::maySee);
  }

  /** {@code POST /api/tickets}: a single-use ticket for the event stream or the WebSocket. */
  void ticket(HttpServerExchange exchange) {
    if (!allowed(exchange, Methods.POST)) {
      return;
    }
    if (!access.required()) {
      Responses.error(exchange, 404, "no tokens configured");
      return;
    }
    String ticket = access.issueTicket(AccessHandler.caller(exchange));
    String body =
        new JsonWriter()
            .beginObject()
            .name("ticket")
            .value(ticket)
            .name("expires_in")
            .value(ticketTtl.toSeconds())
            .endObject()
            .toString();
    Responses.json(exchange, 200, body);
  }

  private static boolean allowed(HttpServerExchange exchange, HttpString method) {
    if (exchange.getRequestMethod().equals(method)) {
      return true;
    }
    Responses.methodNotAllowed(exchange, method.toString());
    return false;
  }

  private static @Nullable String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() || values.peekFirst().isEmpty()
        ? null
        : values.peekFirst();
  }

  /** {@code text} as a task id, or -1 when it is not one. */
  static long id(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(text);
  }
}
