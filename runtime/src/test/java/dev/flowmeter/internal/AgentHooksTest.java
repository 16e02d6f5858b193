// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's way into the runtime, and the hooks reach the runtime's package-private parts through
 * it.
 */
final class AgentHooksTest {

  @Test
  void record_addsToTheRuntimesTransfer() {
    Transfer transfer = Flowmeter.transfer().name("hooks").totalBytes(100).start();
    AgentHooks.record(transfer, 3);
    AgentHooks.record(transfer, 4);
    assertThat(transfer.bytes()).isEqualTo(7);
    assertThat(transfer.snapshot().bytes()).isEqualTo(7);
    transfer.complete();
  }

  @Test
  void record_otherTransfer_isAdvanced() {
    List<Long> advanced = new ArrayList<>();
    Transfer other =
        (Transfer)
            Proxy.newProxyInstance(
                Transfer.class.getClassLoader(),
                new Class<?>[] {Transfer.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("advance")) {
                    advanced.add((Long) args[0]);
                  }
                  return null;
                });
    AgentHooks.record(other, 5);
    AgentHooks.cancelWhenUnreachable(new Object(), other); // left alone: nothing to register
    assertThat(advanced).containsExactly(5L);
  }

  @Test
  void cancelWhenUnreachable_droppedOwner_cancelsTheTransfer() {
    Transfer transfer = Flowmeter.transfer().name("dropped").start();
    AgentHooks.cancelWhenUnreachable(new Object(), transfer);

    Collector.untilEnded(transfer);
    assertThat(transfer.status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void stopped_onlyAfterAUsersCancel_notAfterAnInterruptionAnAbandonmentOrAnotherEnd() {
    Transfer running = Flowmeter.transfer().name("running").start();
    assertThat(AgentHooks.stopped(running)).isFalse();
    running.cancel("enough");
    assertThat(AgentHooks.stopped(running)).isTrue();

    Transfer interrupted = Flowmeter.transfer().name("interrupted").start();
    AgentHooks.interrupted(interrupted, "ClosedByInterruptException");
    assertThat(interrupted.status()).isEqualTo(Status.CANCELLED);
    assertThat(AgentHooks.stopped(interrupted)).isFalse();

    Transfer abandoned = Flowmeter.transfer().name("abandoned").start();
    AgentHooks.cancelWhenUnreachable(new Object(), abandoned);
    Collector.untilEnded(abandoned);
    assertThat(abandoned.status()).isEqualTo(Status.CANCELLED);
    assertThat(AgentHooks.stopped(abandoned)).isFalse();

    Transfer completed = Flowmeter.transfer().name("completed").start();
    completed.complete();
    completed.cancel();
    assertThat(AgentHooks.stopped(completed)).isFalse();
  }

  @Test
  void stopped_otherTransfer_isFalse() {
    Transfer other =
        (Transfer)
            Proxy.newProxyInstance(
                Transfer.class.getClassLoader(),
                new Class<?>[] {Transfer.class},
                (proxy, method, args) -> null);
    assertThat(AgentHooks.stopped(other)).isFalse();
    AgentHooks.ownShare(other); // left alone
  }

  @Test
  void ownShare_parentShowsItsOwnCountOverItsTotal_notItsChildrensShares() {
    Transfer mixed = Flowmeter.transfer().name("file.gz").totalBytes(200).start();
    Transfer own = Flowmeter.transfer().name("file2.gz").totalBytes(200).start();
    AgentHooks.ownShare(own);
    for (Transfer file : List.of(mixed, own)) {
      AgentHooks.record(file, 200); // the whole compressed file read
      Transfer gunzip = file.child().name(file.name() + " (gunzip)").start(); // total unknown
      gunzip.advance(5000);
      gunzip.fail("Unexpected end of ZLIB input stream");
      file.fail("Unexpected end of ZLIB input stream");
    }
    // the children's mean: the failed child counts 0, in a row whose bytes are the whole file
    assertThat(mixed.snapshot().fraction()).isEqualTo(0.0);
    assertThat(own.snapshot().fraction()).isEqualTo(1.0);
    assertThat(own.snapshot().bytes()).isEqualTo(200);
  }
}
