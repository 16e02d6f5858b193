// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Listeners: one for every transfer of the JVM, one for a single transfer. */
public final class ListenerSample {
  private ListenerSample() {}

  public static void main(String[] args) throws IOException {
    for (String line : run()) {
      System.out.println(line);
    }
  }

  /** Reads 1 MiB through a wrapped stream and returns what the per-transfer listener saw. */
  static List<String> run() throws IOException {
    List<String> seen = new ArrayList<>();
    // README: listeners
    ProgressListener everything =
        event -> {
          if (event.isFinal()) {
            System.out.println(event.name() + " ended " + event.status());
          }
        };
    Flowmeter.addListener(everything);

    InputStream in =
        Flowmeter.transfer()
            .operation("upload")
            .name("report.pdf")
            .totalBytes(1 << 20)
            .attribute("tenant", "acme")
            .listener(
                event -> {
                  synchronized (seen) {
                    seen.add(describe(event));
                  }
                })
            .wrap(new ByteArrayInputStream(new byte[1 << 20]));
    in.readAllBytes(); // end of stream with a known total completes the transfer
    // README: end
    Flowmeter.flush(5_000);
    Flowmeter.removeListener(everything);
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  private static String describe(ProgressEvent event) {
    return event.operation()
        + " "
        + event.name()
        + " "
        + event.status()
        + " "
        + event.bytes()
        + "/"
        + event.totalBytes()
        + " tenant="
        + event.attributes().get("tenant");
  }
}
