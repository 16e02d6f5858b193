// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding "Cancel does not cancel": {@link Transfer#cancel()} stops the transfer's I/O. */
final class TransferCancelTest {
  private final Tracker tracker = StreamFixtures.manualTracker();
  private final byte[] content = StreamFixtures.content(1000);

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferImpl transfer() {
    return (TransferImpl) new TransferBuilder(tracker).start();
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
}
