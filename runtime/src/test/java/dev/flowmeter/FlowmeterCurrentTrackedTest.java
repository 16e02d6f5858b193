// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.io.StreamFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Flowmeter#currentTracked()} is the public way to the transfer of the {@code @Tracked} call
 * running on this thread (finding: the README sent users to {@code TrackedCall.current()}, a class
 * of the internal package). The generated code and the agent both begin their calls through {@link
 * TrackedCall}, so these calls stand for both; the processor's {@code LifecycleTest} and the
 * samples' {@code TrackedSamplesTest} reach it through generated code.
 */
final class FlowmeterCurrentTrackedTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  @Test
  void currentTracked_outsideACall_isEmpty() {
    assertThat(Flowmeter.currentTracked()).isEmpty();
  }

  @Test
  void currentTracked_insideACall_isTheCallsTransfer() throws IOException {
    TrackedCall call = TrackedCall.begin(tracker, "download", "d", -1);
    Transfer transfer = Flowmeter.currentTracked().orElseThrow();
    transfer.totalBytes(4);
    InputStream in = call.result(new ByteArrayInputStream(new byte[4]));

    assertThat(transfer).isSameAs(call.transfer().orElseThrow());
    assertThat(Flowmeter.currentTracked()).as("the method has returned").isEmpty();
    assertThat(Flowmeter.transferOf(in)).containsSame(transfer);
    in.readAllBytes();
    in.close();
    assertThat(transfer.snapshot().totalBytes()).isEqualTo(4);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void currentTracked_nestedCalls_isTheInnermostThenTheOuterAgain() {
    TrackedCall outer = TrackedCall.begin(tracker, "copy", "outer", -1);
    Transfer outerTransfer = Flowmeter.currentTracked().orElseThrow();
    TrackedCall inner = TrackedCall.begin(tracker, "read", "inner", -1);
    Transfer innerTransfer = Flowmeter.currentTracked().orElseThrow();
    inner.failed(new IOException("inner failed"));
    Optional<Transfer> afterInner = Flowmeter.currentTracked();
    outer.returned();

    assertThat(innerTransfer.parentId()).isEqualTo(outerTransfer.id());
    assertThat(afterInner).containsSame(outerTransfer);
    assertThat(Flowmeter.currentTracked()).isEmpty();
  }

  @Test
  void currentTracked_onAnotherThread_isEmpty() {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "u", -1);
    try {
      Optional<Transfer> elsewhere =
          CompletableFuture.supplyAsync(Flowmeter::currentTracked).join();

      assertThat(elsewhere).isEmpty();
      assertThat(Flowmeter.currentTracked()).isPresent();
    } finally {
      call.returned();
    }
  }

  @Test
  void currentTracked_cancel_endsTheCallCancelled() {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "c", -1);
    Transfer transfer = Flowmeter.currentTracked().orElseThrow();

    assertThat(transfer.cancel("stopped")).isTrue();
    call.returned();

    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }
}
