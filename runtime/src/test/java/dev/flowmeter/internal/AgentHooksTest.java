// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's way into the runtime: {@code dev.flowmeter} registers its access on first use, and
 * the hooks reach the runtime's package-private parts through it.
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
  void register_second_isRefused() {
    AgentHooks.record(Flowmeter.transfer().name("first use").start(), 1); // registers the runtime
    RuntimeAccess other =
        new RuntimeAccess() {
          @Override
          public void record(Transfer transfer, long n) {}

          @Override
          public void cancelWhenUnreachable(Object owner, Transfer transfer) {}

          @Override
          public void interrupted(Transfer transfer, String reason) {}
        };
    assertThatThrownBy(() -> AgentHooks.register(other))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("registered already");
  }
}
