// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import java.util.List;
import java.util.Optional;

/** The view of no transfers at all; see {@link LiveTransfers#none()}. */
enum NoTransfers implements LiveTransfers {
  INSTANCE;

  @Override
  public List<ProgressEvent> all() {
    return List.of();
  }

  @Override
  public Optional<ProgressEvent> find(long id) {
    return Optional.empty();
  }

  @Override
  public boolean cancel(long id, String reason) {
    return false;
  }
}
