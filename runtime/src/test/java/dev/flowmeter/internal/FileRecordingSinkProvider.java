// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A test sink, {@code test-record:<path>}, that appends one line per lifecycle event ({@code id
 * status error}) so a test can read what a forked JVM delivered. Registered in the test resources'
 * {@code META-INF/services}, the way a user's own sink jar would be.
 */
public final class FileRecordingSinkProvider implements SinkProvider {
  @Override
  public String name() {
    return "test-record";
  }

  @Override
  public ProgressSink create(SinkContext context) throws IOException {
    Path path = Path.of(context.requireArgument("test-record:<path>"));
    PrintWriter out =
        new PrintWriter(
            Files.newBufferedWriter(
                path,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    boolean hang = context.booleanOption("hang", false);
    return new ProgressSink() {
      @Override
      public void onEvent(ProgressEvent event) {
        if (hang && event.isFinal()) {
          out.println("hanging");
          out.flush();
          while (true) {
            try {
              Thread.sleep(Long.MAX_VALUE); // a sink stuck for good: exit must not wait for it
            } catch (InterruptedException e) {
              // stay stuck
            }
          }
        }
        if (event.isLifecycle()) {
          out.println(
              event.transferId()
                  + " "
                  + event.status().word()
                  + " "
                  + event.bytes()
                  + " "
                  + event.error().orElse("-"));
        }
      }

      @Override
      public void flush() {
        out.flush();
      }

      @Override
      public void close() {
        out.close();
      }
    };
  }
}
