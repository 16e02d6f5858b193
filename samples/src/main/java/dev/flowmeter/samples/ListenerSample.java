// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Listeners: one for every transfer of the JVM, one for a single transfer. */
public final class ListenerSample {
  private ListenerSample() {}

  public static void main(String[] args) throws IOException {
    for (String line : upload()) {
      System.out.println(line);
    }
  }

  // README: listeners
  /** Reads 1 MiB through a wrapped stream; returns what the transfer's own listener saw. */
  static List<String> upload() throws IOException {
    ProgressListener everything =
        event -> {
          if (event.isFinal()) {
            System.out.println(event.name() + " ended " + event.status());
          }
        };
    Flowmeter.addListener(everything);

    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    InputStream in =
        Flowmeter.transfer()
            .operation("upload")
            .name("report.pdf")
            .totalBytes(1 << 20)
            .attribute("tenant", "acme")
            .listener(
                event ->
                    seen.add(
                        event.status()
                            + " "
                            + event.bytes()
                            + "/"
                            + event.totalBytes()
                            + " tenant="
                            + event.attributes().get("tenant")))
            .wrap(new ByteArrayInputStream(new byte[1 << 20]));
    in.readAllBytes(); // end of stream with a known total completes the transfer
    Flowmeter.flush(5_000); // every listener has had every event until now
    Flowmeter.removeListener(everything);
    return List.copyOf(seen);
  }

  // README: end
}
