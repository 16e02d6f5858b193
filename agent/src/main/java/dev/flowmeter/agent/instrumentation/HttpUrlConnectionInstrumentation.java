// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.RETURN;
import static dev.flowmeter.agent.instrumentation.Arg.THIS;

import java.util.List;

/**
 * {@code sun.net.www.protocol.http.HttpURLConnection}: the body read from {@code getInputStream()}
 * is a download, the body written to {@code getOutputStream()} an upload (see {@code HttpIo}).
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "http-url-connection";
  }

  @Override
  public String typeName() {
    return "sun.net.www.protocol.http.HttpURLConnection";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        Hook.on("()Ljava/io/InputStream;", "getInputStream")
            .exit(
                Call.of(
                    "HttpIo",
                    "download",
                    "(Ljava/lang/Object;Ljava/io/InputStream;)Ljava/io/InputStream;",
                    THIS,
                    RETURN)),
        Hook.on("()Ljava/io/OutputStream;", "getOutputStream")
            .exit(
                Call.of(
                    "HttpIo",
                    "upload",
                    "(Ljava/lang/Object;IJILjava/io/OutputStream;)Ljava/io/OutputStream;",
                    THIS,
                    Arg.field("fixedContentLength", "I"),
                    Arg.field("fixedContentLengthLong", "J"),
                    Arg.field("chunkLength", "I"),
                    RETURN)));
  }
}
