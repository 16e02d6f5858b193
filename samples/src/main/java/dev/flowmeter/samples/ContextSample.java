// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.Unit;
import dev.flowmeter.sink.ProgressSink;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Attributes for everything a request does (its worker tasks included), a parent made of weighted
 * stages, work counted in a unit of its own, and a sink that is an object rather than a name.
 */
public final class ContextSample {
  private ContextSample() {}

  public static void main(String[] args) throws Exception {
    for (String line : install()) {
      System.out.println(line);
    }
  }

  // README: context
  /** Installs a database in two weighted stages for user u-42; returns the final events seen. */
  static List<String> install() throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    ProgressSink finals =
        event -> {
          if (event.isFinal()) {
            lines.add(
                String.format(
                    Locale.ROOT,
                    "%s %s %s %.1f%% %d %s user=%s",
                    event.operation(),
                    event.name(),
                    event.status(),
                    event.percentage(),
                    event.bytes(),
                    event.unit().name(),
                    event.attributes().get("user")));
          }
        };
    Flowmeter.addSink("finals", finals, Duration.ofSeconds(1));

    ExecutorService workers = Flowmeter.wrap(Executors.newFixedThreadPool(2));
    Flowmeter.callWithAttributes(
        Map.of("user", "u-42"),
        () -> {
          Transfer install = Flowmeter.transfer().operation("install").name("database").start();
          Transfer download = install.child().name("download").weight(3).totalBytes(4096).pending();
          Transfer encode =
              install.child().name("encode").weight(1).unit(Unit.of("frame", "frames")).pending();

          download.start(); // bytes read on a worker thread count in the download stage
          Future<byte[]> part =
              workers.submit(
                  () -> {
                    try (InputStream in =
                        Flowmeter.transfer()
                            .parent(download)
                            .name("part-1")
                            .totalBytes(4096)
                            .wrap(new ByteArrayInputStream(new byte[4096]))) {
                      return in.readAllBytes();
                    }
                  });
          part.get();
          download.complete(); // 3 of 4 weights done: install is at 75 %

          encode.start();
          encode.fraction(0.5); // an external tool said 50 %: install is at 87.5 %
          encode.progress(1200); // ... at frame 1,200
          encode.complete();
          install.complete();
          return null;
        });
    workers.shutdown();
    Flowmeter.flush(10_000);
    Flowmeter.removeSink(finals);
    return List.copyOf(lines);
  }

  // README: end
}
