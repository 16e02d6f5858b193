// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.List;

/**
 * {@code jdk.internal.net.http.HttpClientImpl.sendAsync}, which {@code send} also goes through: the
 * request and the response handler are replaced by counting ones (see {@code HttpClientIo}).
 */
public final class HttpClientInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "http-client";
  }

  @Override
  public String typeName() {
    return "jdk.internal.net.http.HttpClientImpl";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        Hook.on(
                "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                    + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"
                    + "Ljava/util/concurrent/CompletableFuture;",
                "sendAsync")
            .anyAccess()
            .enterReplacing(
                Call.of(
                    "HttpClientIo",
                    "wrap",
                    "(Ljava/lang/Object;Ljava/lang/Object;)[Ljava/lang/Object;",
                    Arg.argument(0),
                    Arg.argument(1)),
                0,
                1));
  }
}
