// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.RecordingSink;
import dev.flowmeter.internal.SinkDispatcher;
import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.TransferImpl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding "Cancel does not cancel": {@link Transfer#cancel()} stops the transfer's I/O. */
final class TransferCancelTest {
  private final Tracker tracker = StreamFixtures.manualTracker();
  private final byte[] content = StreamFixtures.content(1000);

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferImpl transfer() {
    return (TransferImpl) tracker.builder().start();
  }

  @Test
  void cancel_fromAnotherThread_nextReadThrows() throws Exception {
    TransferImpl transfer = transfer();
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), transfer);
    assertThat(in.readNBytes(100)).hasSize(100);

    CompletableFuture.runAsync(() -> transfer.cancel("user pressed stop")).get();
    Throwable thrown = catchThrowable(() -> in.read(new byte[100]));

    assertThat(thrown)
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("transfer cancelled: user pressed stop");
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
    assertThat(transfer.bytes()).isEqualTo(100).isEqualTo(transfer.snapshot().bytes());
  }

  @Test
  void cancel_dataAlreadyWrittenStays_closeClosesTheDelegate() throws IOException {
    TransferImpl transfer = transfer();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    boolean[] closed = {false};
    OutputStream delegate =
        new OutputStream() {
          @Override
          public void write(int b) {
            sink.write(b);
          }

          @Override
          public void close() {
            closed[0] = true;
          }
        };
    OutputStream out = CountingOutputStream.create(delegate, transfer);
    out.write(content, 0, 10);

    transfer.cancel();

    assertThat(catchThrowable(() -> out.write(1)))
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("transfer cancelled");
    out.close();
    assertThat(sink.toByteArray()).hasSize(10);
    assertThat(closed[0]).isTrue();
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void bytes_afterCancel_agreesWithTheSnapshot() {
    TransferImpl transfer = transfer();
    transfer.record(40);

    transfer.cancel();
    transfer.record(60); // a read that was already running when the cancel came

    assertThat(transfer.bytes()).isEqualTo(40);
    assertThat(transfer.snapshot().bytes()).isEqualTo(40);
  }

  @Test
  void cancel_cancelsARunningChild() throws IOException {
    TransferImpl parent = transfer();
    TransferImpl child = (TransferImpl) parent.child().start();
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), child);

    parent.cancel("stop all");

    assertThat(child.status()).isEqualTo(Status.CANCELLED);
    assertThat(catchThrowable(in::read)).isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void child_ofACancelledParent_neverCompletes() throws IOException {
    TransferImpl parent = transfer();
    parent.cancel();
    InputStream in = parent.child().wrap(new ByteArrayInputStream(content));

    Throwable thrown = catchThrowable(in::readAllBytes);
    in.close();

    assertThat(thrown).isInstanceOf(InterruptedIOException.class);
    assertThat(tracker.snapshots())
        .filteredOn(e -> e.parentId() == parent.id())
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(Status.CANCELLED));
  }

  @Test
  void cancel_stopsAReaderSpinningOnAnotherThread() throws Exception {
    TransferImpl transfer = transfer();
    // an endless source: only the cancel can end this loop
    InputStream in =
        CountingInputStream.create(
            new InputStream() {
              @Override
              public int read() {
                return 1;
              }
            },
            transfer);
    CountDownLatch reading = new CountDownLatch(1);
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                while (true) {
                  in.read();
                  reading.countDown();
                }
              } catch (IOException e) {
                return e;
              }
            });
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

    transfer.cancel("stop");

    assertThat(reader.get(10, TimeUnit.SECONDS))
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("transfer cancelled: stop");
    assertThat(transfer.bytes()).isPositive().isEqualTo(transfer.snapshot().bytes());
  }

  @Test
  void cancel_everySinkAndListenerSeesOneCancelledEvent() {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
    List<ProgressEvent> heard = new CopyOnWriteArrayList<>();
    TransferImpl parent = (TransferImpl) tracker.builder().listener(heard::add).start();
    TransferImpl child = (TransferImpl) parent.child().start();

    parent.cancel("stop");
    parent.cancel("again");
    child.cancel("and again");

    assertThat(tracker.flush(10_000)).isTrue();
    for (TransferImpl t : List.of(parent, child)) {
      assertThat(sink.events(t.id()))
          .filteredOn(ProgressEvent::isFinal)
          .singleElement()
          .satisfies(e -> assertThat(e.error()).contains("stop"));
    }
    assertThat(heard).filteredOn(ProgressEvent::isFinal).hasSize(1);
  }

  @Test
  void finishedChildren_areNotKeptByTheirParent() {
    TransferImpl parent = transfer();
    List<TransferImpl> children = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      TransferImpl child = (TransferImpl) parent.child().start();
      child.complete();
      children.add(child);
    }
    TransferImpl running = (TransferImpl) parent.child().start();

    parent.cancel();

    assertThat(running.status()).isEqualTo(Status.CANCELLED);
    assertThat(children).allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.COMPLETED));
    assertThat(parent.liveChildren()).isZero();
  }

  @Test
  void onCancel_runsOnceOnTheCancellingThread_afterTheStatusChanged() {
    TransferImpl transfer = transfer();
    List<String> ran = new ArrayList<>();
    transfer.onCancel(() -> ran.add(Thread.currentThread().getName() + " " + transfer.status()));
    transfer.onCancel(() -> ran.add("second"));

    transfer.cancel();
    transfer.cancel();

    assertThat(ran).containsExactly(Thread.currentThread().getName() + " cancelled", "second");
  }

  @Test
  void onCancel_childrenFirst_thenTheParent() {
    TransferImpl parent = transfer();
    TransferImpl child = (TransferImpl) parent.child().start();
    List<String> ran = new ArrayList<>();
    parent.onCancel(() -> ran.add("parent"));
    child.onCancel(() -> ran.add("child"));

    parent.cancel();

    assertThat(ran).containsExactly("child", "parent");
  }

  @Test
  void onCancel_afterCancel_runsAtOnce_afterAnotherEnd_never() {
    TransferImpl cancelled = transfer();
    cancelled.cancel();
    TransferImpl completed = transfer();
    completed.onCancel(
        () -> {
          throw new AssertionError("registered before completion, must not run");
        });
    completed.complete();
    List<String> ran = new ArrayList<>();

    cancelled.onCancel(() -> ran.add("late"));
    completed.onCancel(() -> ran.add("never"));
    completed.cancel();

    assertThat(ran).containsExactly("late");
  }

  @Test
  void onCancel_aThrowingActionIsReportedOnce_andTheOthersRun() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
    Diagnostics.reset();
    try {
      List<String> ran = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        TransferImpl transfer = transfer();
        transfer.onCancel(new ThrowingAction());
        transfer.onCancel(() -> ran.add("cleanup"));
        assertThat(transfer.cancel()).isTrue();
      }

      assertThat(ran).containsExactly("cleanup", "cleanup");
      assertThat(err.toString(StandardCharsets.UTF_8).lines())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .startsWith("flowmeter: a cancel action of Transfer#")
                      .contains("IllegalStateException: cleanup broke"));
    } finally {
      Diagnostics.redirect(null);
      Diagnostics.reset();
    }
  }

  private static final class ThrowingAction implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException("cleanup broke");
    }
  }

  @Test
  void cancelAtShutdown_endsTheTransferButLeavesItsIoAlone() throws IOException {
    Tracker exiting = StreamFixtures.manualTracker();
    TransferImpl transfer = (TransferImpl) exiting.builder().start();
    InputStream in = CountingInputStream.create(new ByteArrayInputStream(content), transfer);

    exiting.shutdown(); // what the shutdown hook does

    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
    assertThat(in.readAllBytes()).as("another shutdown hook may still read").hasSize(1000);
  }

  @Test
  void cancelOfATrackedCall_stopsItsParameters() {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "a", -1);
    Transfer transfer = call.transfer().orElseThrow();
    InputStream in = call.reading(new ByteArrayInputStream(content));

    transfer.cancel("user");

    Throwable thrown = catchThrowable(() -> in.read());
    call.failed(thrown);
    assertThat(thrown).isInstanceOf(InterruptedIOException.class);
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  /**
   * The forked program: {@code args[0]} transfers are cancelled first; then a thread spins on
   * {@code read()} of an endless in-memory stream, a loop the JIT compiles whole, until its
   * transfer is cancelled. Prints how the reader ended, or that it still runs 30 s after the
   * cancel.
   */
  public static final class SpinningReader {
    public static void main(String[] args) throws Exception {
      for (int i = 0; i < Integer.parseInt(args[0]); i++) {
        Flowmeter.start("earlier").cancel();
      }
      if (args.length > 1) { // the burst is over: the check turns calm, as a reporter tick does
        TransferImpl.settleCancels(System.nanoTime() + TransferImpl.QUIET.toNanos());
        if (TransferImpl.cancelChecksStrict()) {
          System.out.println("still strict");
        }
      }
      InputStream in =
          Flowmeter.wrap(
              new InputStream() {
                private int position;

                @Override
                public int read() {
                  position = (position + 1) & 1023;
                  return position & 0xff;
                }
              },
              "endless");
      Transfer transfer = Flowmeter.transferOf(in).orElseThrow();
      CompletableFuture<String> ended = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                long sum = 0;
                try {
                  while (true) {
                    sum += in.read();
                  }
                } catch (IOException e) {
                  ended.complete(e.getMessage() + " (" + (sum > 0) + ")");
                }
              });
      reader.setDaemon(true);
      reader.start();
      while (transfer.bytes() < 100_000_000) { // long compiled by now
        Thread.sleep(10);
      }
      transfer.cancel("stop");
      System.out.println(ended.completeOnTimeout("still reading", 30, TimeUnit.SECONDS).get());
      System.exit(0);
    }
  }

  /**
   * The first cancels of a JVM leave the wrappers' plain load and deoptimize; later ones read with
   * an opaque load (see TransferImpl's design notes). Both stop a compiled loop.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 3, TransferImpl.CALM_CANCELS})
  void cancel_stopsACompiledReadLoop_afterEarlierCancels(int earlier) throws Exception {
    assertThat(spinningReader(String.valueOf(earlier)))
        .isEqualTo("transfer cancelled: stop (true)");
  }

  /** After a burst of cancels made the check strict, and a quiet spell made it calm again. */
  @Test
  void cancel_stopsACompiledReadLoop_afterABurstOfCancelsSettled() throws Exception {
    assertThat(spinningReader(String.valueOf(3 * TransferImpl.CALM_CANCELS), "settle"))
        .isEqualTo("transfer cancelled: stop (true)");
  }

  @Test
  void burstOfCancels_makesTheCheckStrict_untilAQuietSpell() {
    for (int i = 0; i < TransferImpl.CALM_CANCELS; i++) {
      Flowmeter.start("burst " + i).cancel();
    }
    assertThat(TransferImpl.cancelChecksStrict()).isTrue();

    TransferImpl.settleCancels(System.nanoTime()); // too soon: the burst may go on
    assertThat(TransferImpl.cancelChecksStrict()).isTrue();

    TransferImpl.settleCancels(System.nanoTime() + TransferImpl.QUIET.toNanos());
    assertThat(TransferImpl.cancelChecksStrict()).isFalse();
  }

  private static String spinningReader(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "-Dflowmeter.sinks=none",
            SpinningReader.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output.strip();
  }
}
