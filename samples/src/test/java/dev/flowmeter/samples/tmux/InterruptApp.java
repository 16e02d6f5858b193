// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent.StageState;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.TransferImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An operation of three stages built from transfers and an event decorator (the shape the coming
 * {@code Operation} API gives its events), run by {@link CancelOnInterruptTest} and {@link
 * TmuxOperationTest}: stage 1 ends at once, stage 2 reads a slow wrapped stream, stage 3 waits.
 * {@code Flowmeter.cancelOnInterrupt} deletes the file named by the second argument.
 *
 * <p>Modes (first argument): {@code cancel} reads until Ctrl+C, then prints what the read threw;
 * {@code done} ends every stage, prints {@code done} and waits for Ctrl+C; {@code show} runs the
 * stages to the end in about 3 s and exits.
 */
final class InterruptApp {
  static final String NAME = "Installing demo";
  static final List<String> STAGES = List.of("Prepare", "Download payload", "Configure");

  private InterruptApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path marker = Path.of(args[1]);
    Files.writeString(marker, "partial");
    AtomicInteger current = new AtomicInteger();
    TransferImpl operation =
        (TransferImpl) Flowmeter.transfer().operation("install").name(NAME).pending();
    operation.decorator(
        (event, now) ->
            event.kind(Kind.OPERATION).stages(stages(current.get())).step(step(current)));
    operation.start();
    List<Transfer> stages = new ArrayList<>();
    for (String name : STAGES) {
      TransferImpl stage = (TransferImpl) operation.child().operation("stage").name(name).pending();
      stage.decorator((event, now) -> event.kind(Kind.STAGE));
      stages.add(stage);
    }
    // the cleanup waits (a while) for the reader to stop, as a real one would before deleting
    CountDownLatch stopped = new CountDownLatch(1);
    Flowmeter.cancelOnInterrupt(operation, () -> delete(marker, stopped));
    stages.get(0).start();
    stages.get(0).complete();
    current.set(1);
    stages.get(1).start();
    long total = "show".equals(mode) ? 2L << 20 : 1L << 30;
    InputStream slow =
        stages.get(1).child().name("payload.bin").totalBytes(total).wrap(new SlowStream(total));
    System.out.println("started");
    if ("done".equals(mode)) {
      slow.close();
      for (Transfer stage : stages.subList(1, 3)) {
        stage.start();
        stage.complete();
      }
      current.set(3);
      operation.complete();
      System.out.println("done");
      Thread.sleep(60_000);
      return;
    }
    byte[] buffer = new byte[8192];
    try (InputStream in = slow) {
      while (in.read(buffer) != -1) {
        // reading, slowly
      }
    } catch (IOException e) {
      System.out.println("read threw " + e.getClass().getSimpleName());
      stopped.countDown();
      Thread.sleep(60_000); // the signal's handler ends the JVM
      return;
    }
    stages.get(1).complete();
    current.set(2);
    stages.get(2).start();
    Thread.sleep(1000);
    stages.get(2).complete();
    current.set(3);
    operation.complete();
    System.out.println("done");
  }

  private static String step(AtomicInteger current) {
    return STAGES.get(Math.min(current.get(), STAGES.size() - 1));
  }

  private static List<StageState> stages(int current) {
    List<StageState> list = new ArrayList<>();
    for (int i = 0; i < STAGES.size(); i++) {
      Status status =
          i < current ? Status.COMPLETED : i == current ? Status.IN_PROGRESS : Status.PENDING;
      list.add(
          new StageState(STAGES.get(i), status, i < current ? 1 : -1, Duration.ofSeconds(i), null));
    }
    return list;
  }

  private static void delete(Path marker, CountDownLatch stopped) {
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(marker);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code total} zero bytes, 64 KiB every 100 ms. */
  private static final class SlowStream extends InputStream {
    private long left;

    SlowStream(long total) {
      this.left = total;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      try {
        Thread.sleep(12); // 8 KiB per read: about 640 KiB/s
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      int n = (int) Math.min(len, left);
      left -= n;
      return n;
    }
  }
}
