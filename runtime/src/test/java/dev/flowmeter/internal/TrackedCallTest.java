// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.io.StreamFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The support API behind {@code @Tracked}: nesting, ownership of the end, totals, results. */
final class TrackedCallTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @TempDir Path dir;

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private static TransferImpl transferOf(TrackedCall call) {
    return (TransferImpl) call.transfer().orElseThrow();
  }

  @Test
  void reading_closeInsideMethod_doesNotEndTransferBeforeReturn() throws IOException {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "a", 10);
    TransferImpl transfer = transferOf(call);
    try (InputStream in = call.reading(new ByteArrayInputStream(new byte[10]))) {
      assertThat(in.readAllBytes()).hasSize(10);
    }
    assertThat(transfer.status()).isNotEqualTo(Status.COMPLETED);

    call.returned();

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.bytes()).isEqualTo(10);
    assertThat(TrackedCall.current()).isEmpty();
  }

  /** An argument the caller wrapped already was counted twice: by its transfer and the call's. */
  @Test
  void reading_anArgumentWrappedAlready_isCountedOnce() throws IOException {
    InputStream wrapped =
        tracker.builder().name("caller's").wrap(new ByteArrayInputStream(new byte[10]));
    TrackedCall call = TrackedCall.begin(tracker, "upload", "u", -1);
    InputStream in = call.reading(wrapped);
    assertThat(in).isSameAs(wrapped);
    assertThat(in.readAllBytes()).hasSize(10);
    call.returned();
    assertThat(Flowmeter.transferOf(wrapped).orElseThrow().bytes()).isEqualTo(10);
    assertThat(transferOf(call).bytes()).isZero();
  }

  @Test
  void returned_emitsSavingBeforeCompleted() {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
    TrackedCall call = TrackedCall.begin(tracker, "write", "b", -1);
    long id = transferOf(call).id();

    call.returned();

    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(sink.events(id))
        .filteredOn(ProgressEvent::isLifecycle)
        .extracting(ProgressEvent::status)
        .containsExactly(Status.STARTING, Status.SAVING, Status.COMPLETED);
  }

  @Test
  void begin_insideAnotherCall_isChildAndRestoresOuter() throws IOException {
    TrackedCall outer = TrackedCall.begin(tracker, "copy", "outer", -1);
    InputStream outerIn = outer.reading(new ByteArrayInputStream(new byte[7]));

    TrackedCall inner = TrackedCall.begin(tracker, "read", "inner", -1);
    assertThat(TrackedCall.current()).containsSame(inner.transfer().orElseThrow());
    InputStream innerIn = inner.reading(outerIn);
    assertThat(innerIn.readAllBytes()).hasSize(7);
    inner.returned();

    assertThat(TrackedCall.current()).containsSame(outer.transfer().orElseThrow());
    outer.returned();
    TransferImpl o = transferOf(outer);
    TransferImpl i = transferOf(inner);
    assertThat(i.parentId()).isEqualTo(o.id());
    assertThat(o.bytes()).isEqualTo(7);
    assertThat(i.bytes()).isEqualTo(7);
    assertThat(TrackedCall.current()).isEmpty();
  }

  @Test
  void writingAsChild_copyIsOneTransferCountingTheBytesRead() throws IOException {
    TrackedCall call = TrackedCall.begin(tracker, "copy", "c", 5);
    InputStream in = call.reading(new ByteArrayInputStream(new byte[5]));
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    OutputStream out = call.writingAsChild(target);
    in.transferTo(out);
    out.write(1); // written but not read: must not reach the call's count

    call.returned();

    TransferImpl transfer = transferOf(call);
    assertThat(out).isSameAs(target);
    assertThat(transfer.bytes()).isEqualTo(5);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    // one call, one transfer: no child of the same name beside it
    assertThat(tracker.snapshots())
        .extracting(ProgressEvent::transferId)
        .containsExactly(transfer.id());
  }

  @Test
  void failed_ioException_failsWithItsMessage() {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "d", -1);

    call.failed(new IOException("connection reset"));

    assertThat(transferOf(call).status()).isEqualTo(Status.FAILED);
    assertThat(transferOf(call).snapshot().error()).contains("connection reset");
    assertThat(TrackedCall.current()).isEmpty();
  }

  @Test
  void failed_interruption_cancels() {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "e", -1);

    call.failed(new InterruptedIOException("stopped"));

    assertThat(transferOf(call).status()).isEqualTo(Status.CANCELLED);
    assertThat(TrackedCall.isCancellation(new CancellationException())).isTrue();
    assertThat(TrackedCall.isCancellation(new SocketTimeoutException())).isFalse();
  }

  @Test
  void result_transferFollowsCallersReadsAndCompletesOnClose() throws IOException {
    TrackedCall call = TrackedCall.begin(tracker, "download", "f", -1);
    InputStream in = call.result(new ByteArrayInputStream(new byte[12]));
    TransferImpl transfer = transferOf(call);
    assertThat(TrackedCall.current()).isEmpty();
    assertThat(transfer.status().isFinal()).isFalse();

    assertThat(in.readAllBytes()).hasSize(12);
    in.close();

    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
    assertThat(transfer.bytes()).isEqualTo(12);
  }

  @Test
  void reading_fileInputStreamWithUnknownTotal_takesItsSize() throws IOException {
    Path file = Files.write(dir.resolve("x.bin"), new byte[321]);
    TrackedCall call = TrackedCall.begin(tracker, "read", "g", -1);
    try (FileInputStream raw = new FileInputStream(file.toFile())) {
      call.reading(raw);
    }
    call.returned();

    assertThat(transferOf(call).totalBytes()).isEqualTo(321);
  }

  /**
   * A file passed as a plain {@code InputStream}: its size is known at the call, so the started
   * event (the console's "started (321 B)") carries it; it said "size unknown" when begin started
   * the transfer before the parameter was wrapped.
   */
  @Test
  void started_fileInputStreamArgument_carriesItsSize() throws IOException {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
    Path file = Files.write(dir.resolve("s.bin"), new byte[321]);
    TrackedCall call = TrackedCall.begin(tracker, "download", "s", -1);
    try (FileInputStream raw = new FileInputStream(file.toFile())) {
      call.reading(raw).readAllBytes();
    }
    call.returned();

    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(sink.events(transferOf(call).id()))
        .filteredOn(ProgressEvent::isLifecycle)
        .extracting(e -> e.status() + " " + e.totalBytes())
        .containsExactly("starting 321", "saving 321", "completed 321");
  }

  /** A call begun inside another before the outer one wrapped anything still shows after it. */
  @Test
  void started_innerCallBeforeOuterWraps_outerStartsFirst() {
    RecordingSink sink = new RecordingSink();
    tracker.addSink(new SinkDispatcher("rec", sink, 0, Integer.MAX_VALUE));
    TrackedCall outer = TrackedCall.begin(tracker, "download", "outer", -1);
    TrackedCall inner = TrackedCall.begin(tracker, "read", "inner", -1);
    inner.reading((InputStream) null);
    inner.returned();
    outer.returned();

    assertThat(tracker.flush(10_000)).isTrue();
    assertThat(sink.events())
        .filteredOn(e -> e.status() == Status.STARTING)
        .extracting(ProgressEvent::name)
        .containsExactly("outer", "inner");
  }

  @Test
  void totalOf_emptyOrMissingFile_isUnknown() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty"));

    assertThat(TrackedCall.totalOf(empty)).isEqualTo(ProgressEvent.UNKNOWN);
    assertThat(TrackedCall.totalOf(dir.resolve("missing"))).isEqualTo(ProgressEvent.UNKNOWN);
    assertThat(TrackedCall.totalOf(Files.write(dir.resolve("y"), new byte[3]))).isEqualTo(3);
  }

  // ---------------------------------------------------------------- names and totals fail open

  @Test
  void name_piecesAsStringValueOf_inOrder() {
    char[] chars = {'a'};
    assertThat(TrackedCall.name("put ", 7, "/", null, " ", 2.5, 'c', chars))
        .isEqualTo("put 7/null 2.5c" + chars);
    assertThat(TrackedCall.name()).isEmpty();
  }

  @Test
  void name_toStringThrows_placeholderNamingTheClassAndNoThrow() {
    Object key =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("not initialised");
          }
        };
    assertThat(TrackedCall.name("put ", key, " now"))
        .isEqualTo("put <" + key.getClass().getName() + ": toString() failed> now");
  }

  @Test
  void name_longerThanTheBound_isCutWithAnEllipsis() {
    String max = "x".repeat(TrackedCall.MAX_NAME_LENGTH);
    assertThat(TrackedCall.name(max)).isEqualTo(max);

    String cut = TrackedCall.name("put ", "y".repeat(10_000_000), "never shown");
    assertThat(cut).hasSize(TrackedCall.MAX_NAME_LENGTH).startsWith("put yyy").endsWith("y\u2026");
    assertThat(TrackedCall.name(max, "z")).isEqualTo(max.substring(1) + "\u2026");
  }

  @Test
  void name_cutNeverSplitsASurrogatePair() {
    String emoji = "\ud83d\ude00"; // one character, two chars
    String name = TrackedCall.name("x".repeat(TrackedCall.MAX_NAME_LENGTH - 2), emoji, "tail");
    assertThat(name).isEqualTo("x".repeat(TrackedCall.MAX_NAME_LENGTH - 2) + "\u2026");
    assertThat(Character.isHighSurrogate(name.charAt(name.length() - 2))).isFalse();
  }

  @Test
  void name_controlCharactersKept_forTheSinksToReplace() {
    assertThat(TrackedCall.name("a\n", "\u001b[31mb")).isEqualTo("a\n\u001b[31mb");
  }

  @Test
  void begin_nameLongerThanTheBound_isCutAsNameCutsIt() {
    String written = "w".repeat(5000);
    TrackedCall call = TrackedCall.begin(tracker, "upload", written, -1);

    assertThat(transferOf(call).name()).isEqualTo(TrackedCall.name(written));
    call.returned();
  }

  /** An exception whose getMessage() throws an error: failed() threw it instead of returning. */
  @Test
  void failed_getMessageThrows_failsWithTheClassNameAndReturns() {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "h", -1);
    IOException broken =
        new IOException() {
          private static final long serialVersionUID = 1L;

          @Override
          public String getMessage() {
            throw new AssertionError("getMessage() is broken");
          }
        };

    call.failed(broken);

    assertThat(transferOf(call).status()).isEqualTo(Status.FAILED);
    assertThat(transferOf(call).snapshot().error()).contains(broken.getClass().getName());
    assertThat(TrackedCall.current()).isEmpty();
  }

  /** A FileInputStream whose getChannel() threw an error made reading() throw it. */
  @Test
  void reading_fileInputStreamWhoseGetChannelThrows_isCountedWithUnknownTotal() throws IOException {
    Path file = Files.write(dir.resolve("z.bin"), new byte[17]);
    TrackedCall call = TrackedCall.begin(tracker, "read", "i", -1);
    try (FileInputStream raw =
        new FileInputStream(file.toFile()) {
          @Override
          public java.nio.channels.FileChannel getChannel() {
            throw new LinkageError("getChannel() is broken");
          }
        }) {
      assertThat(call.reading(raw).readAllBytes()).hasSize(17);
    }
    assertThat(transferOf(call).totalBytes()).isEqualTo(ProgressEvent.UNKNOWN);
    call.returned();

    assertThat(transferOf(call).status()).isEqualTo(Status.COMPLETED);
    assertThat(transferOf(call).bytes()).isEqualTo(17);
  }
}
