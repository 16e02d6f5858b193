// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Operation;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Stage;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work handed to other threads lands in the stage it was handed over from; an operation's cancel
 * stops it, runs the cleanup once and ends every member once.
 */
final class OperationThreadsTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    tracker.shutdown();
  }

  /** Reads {@code n} bytes through a stream wrapped on the calling thread; returns its parent. */
  private long readWrapped(int n) {
    InputStream in = tracker.builder().wrap(new ByteArrayInputStream(new byte[n]));
    try (in) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Flowmeter.transferOf(in).orElseThrow().parentId();
  }

  @Test
  void wrappedExecutorService_tasksLandInTheStage() {
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download");
    ExecutorService wrapped = Flowmeter.wrap(pool);

    download.run(
        () -> {
          List<Future<Long>> parents = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            parents.add(wrapped.submit(() -> readWrapped(100)));
          }
          for (Future<Long> parent : parents) {
            assertThat(join(parent)).isEqualTo(download.id());
          }
        });

    assertThat(download.bytes()).isEqualTo(400);
    assertThat(op.bytes()).isEqualTo(400);
  }

  @Test
  void completableFuture_onAWrappedExecutor_landsInTheStage() throws Exception {
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download");

    long parent =
        download.call(
            () ->
                CompletableFuture.supplyAsync(
                        () -> readWrapped(10), Flowmeter.wrap((Executor) pool))
                    .join());

    assertThat(parent).isEqualTo(download.id());
    assertThat(download.bytes()).isEqualTo(10);
  }

  @Test
  void completableFuture_onTheCommonPool_doesNotCarryTheStage() throws Exception {
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download");

    long parent = download.call(() -> CompletableFuture.supplyAsync(() -> readWrapped(10)).join());

    assertThat(parent).isZero(); // as Stage's Javadoc says: give it a wrapped executor
  }

  @Test
  void stageWrap_carriesTheStage_forWorkScheduledOutsideIt() {
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download").begin();

    long parent = CompletableFuture.supplyAsync(() -> readWrapped(7), download.wrap(pool)).join();

    assertThat(parent).isEqualTo(download.id());
    assertThat(download.bytes()).isEqualTo(7);
  }

  @Test
  void flowmetersOwnThreads_neverRunInAStage() {
    AtomicReference<Long> parentOnSinkThread = new AtomicReference<>();
    RecordingSink sink =
        new RecordingSink()
            .before(
                event -> {
                  if (parentOnSinkThread.get() == null) { // one transfer: not one per event seen
                    Transfer bySink = tracker.builder().name("by the sink").start();
                    parentOnSinkThread.compareAndSet(null, bySink.parentId());
                    bySink.complete();
                  }
                });
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download");

    download.run(
        () -> {
          tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
          tracker.builder().name("in the stage").start().complete();
          assertThat(RecordingSink.await(() -> parentOnSinkThread.get() != null)).isTrue();
        });

    assertThat(parentOnSinkThread.get()).isZero();
  }

  @Test
  void virtualThreads_landInTheStage() throws Exception {
    Method factory;
    try {
      factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      factory = null;
    }
    assumeTrue(factory != null, "virtual threads need JDK 21+");
    ExecutorService virtual = Flowmeter.wrap((ExecutorService) factory.invoke(null));
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download");
    try {
      download.run(
          () -> {
            List<Future<Long>> parents = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
              parents.add(virtual.submit(() -> readWrapped(2)));
            }
            for (Future<Long> parent : parents) {
              assertThat(join(parent)).isEqualTo(download.id());
            }
          });
    } finally {
      virtual.shutdown();
    }
    assertThat(download.bytes()).isEqualTo(100);
  }

  @Test
  void cancel_stopsTheStreamInTheStage_runsTheCleanupOnce_andEndsEveryMemberOnce()
      throws Exception {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
    Operation op = OperationImpl.start(tracker, "install");
    Stage download = op.addStage("download");
    Stage configure = op.addStage("configure");
    AtomicInteger cleanups = new AtomicInteger();
    op.onCancel(cleanups::incrementAndGet);
    CountDownLatch reading = new CountDownLatch(1);
    AtomicReference<Long> stream = new AtomicReference<>();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }
        };

    download.begin();
    CompletableFuture<IOException> worker =
        CompletableFuture.supplyAsync(
            () -> {
              InputStream in = tracker.builder().wrap(endless);
              stream.set(Flowmeter.transferOf(in).orElseThrow().id());
              byte[] buffer = new byte[64];
              try {
                while (true) {
                  in.read(buffer);
                  reading.countDown();
                }
              } catch (IOException e) {
                return e;
              }
            },
            download.wrap(pool));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(op.cancel("stopped by the user")).isTrue();

    assertThat(worker.get(10, TimeUnit.SECONDS))
        .isInstanceOf(InterruptedIOException.class)
        .hasMessageContaining("stopped by the user");
    assertThat(cleanups).hasValue(1);
    assertThat(op.cancel()).isFalse();
    assertThat(cleanups).hasValue(1);
    long[] members = {op.id(), download.id(), configure.id(), stream.get()};
    for (long id : members) {
      assertThat(
              RecordingSink.await(() -> sink.events(id).stream().anyMatch(ProgressEvent::isFinal)))
          .isTrue();
      assertThat(sink.events(id).stream().filter(ProgressEvent::isFinal))
          .singleElement()
          .extracting(ProgressEvent::status)
          .isEqualTo(Status.CANCELLED);
    }
    // the operation's final event shows no stage left running or pending
    ProgressEvent last = op.snapshot();
    assertThat(last.stages()).extracting(s -> s.status()).containsOnly(Status.CANCELLED);
    assertThat(configure.status()).isEqualTo(Status.CANCELLED);
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
