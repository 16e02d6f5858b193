// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Transfer;
import dev.flowmeter.Unit;
import dev.flowmeter.sink.ProgressSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
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
    for (String line : run()) {
      System.out.println(line);
    }
  }

  /** Runs the README's example and returns the final events the sink saw, one line each. */
  static List<String> run() throws Exception {
    List<String> lines = new ArrayList<>();
    // README: context
    ProgressSink finals =
        event -> {
          if (event.isFinal()) {
            synchronized (lines) {
              lines.add(describe(event));
            }
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
          Future<?> fetched =
              workers.submit(() -> read(Flowmeter.transfer().parent(download).name("part-1")));
          fetched.get();
          download.complete(); // 3 of 4 weights done: install is at 75 %

          encode.start();
          encode.fraction(0.5); // an external tool said 50 %: install is at 87.5 %
          encode.progress(1200); // ... at frame 1,200
          encode.complete();
          install.complete();
          return null;
        });
    workers.shutdown();
    // README: end
    Flowmeter.flush(10_000);
    Flowmeter.removeSink(finals);
    synchronized (lines) {
      return new ArrayList<>(lines);
    }
  }

  private static long read(dev.flowmeter.TransferBuilder part) {
    try (InputStream in = part.totalBytes(4096).wrap(new ByteArrayInputStream(new byte[4096]))) {
      return in.readAllBytes().length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(ProgressEvent event) {
    return String.format(
        Locale.ROOT,
        "%s %s %s %.1f%% %d %s user=%s",
        event.operation(),
        event.name(),
        event.status(),
        event.percentage(),
        event.bytes(),
        event.unit().name(),
        event.attributes().get("user"));
  }
}
