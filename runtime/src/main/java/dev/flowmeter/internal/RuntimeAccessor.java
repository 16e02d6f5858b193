// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Transfer;

/**
 * Lends the package-private parts of this package to {@code dev.flowmeter.internal} (the agent's
 * {@link AgentHooks}): registered from this class's static initializer, which {@code AgentHooks}
 * runs before its first use.
 */
public final class RuntimeAccessor implements RuntimeAccess {
  static {
    AgentHooks.register(new RuntimeAccessor());
  }

  private RuntimeAccessor() {}

  @Override
  public void record(Transfer transfer, long n) {
    if (transfer instanceof TransferImpl) {
      ((TransferImpl) transfer).record(n);
    } else {
      transfer.advance(n);
    }
  }

  @Override
  public void cancelWhenUnreachable(Object owner, Transfer transfer) {
    if (transfer instanceof TransferImpl) {
      TransferImpl impl = (TransferImpl) transfer;
      impl.tracker().cancelWhenUnreachable(owner, impl);
    }
  }

  @Override
  public void interrupted(Transfer transfer, String reason) {
    if (transfer instanceof TransferImpl) {
      ((TransferImpl) transfer).cancel(reason, false);
    } else {
      transfer.cancel(reason);
    }
  }

  @Override
  public boolean stopped(Transfer transfer) {
    return transfer instanceof TransferImpl && ((TransferImpl) transfer).stopped();
  }

  @Override
  public void ownShare(Transfer transfer) {
    if (transfer instanceof TransferImpl) {
      ((TransferImpl) transfer).ownShare();
    }
  }
}
