// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Direction;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.AgentHooks;
import dev.flowmeter.internal.Sources;
import dev.flowmeter.internal.TransferEnds;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code Files.copy(Path, Path, ...)} call in progress: the thread's state, and the transfer
 * when the source is large enough to be shown. Confined to the calling thread.
 */
final class CopyCall {
  final IoThread thread;
  private final Transfer transfer;
  private final long size;

  private CopyCall(IoThread thread, Transfer transfer, long size) {
    this.thread = thread;
    this.transfer = transfer;
    this.size = size;
  }

  /** Starts the transfer of a copy from {@code source} when it is at least the threshold. */
  static CopyCall start(IoThread thread, Object source) {
    if (!(source instanceof Path)) {
      return new CopyCall(thread, null, 0);
    }
    Path path = (Path) source;
    long size;
    try {
      size = Files.isRegularFile(path) ? Files.size(path) : -1;
    } catch (Exception e) {
      size = -1;
    }
    if (size < AgentSettings.minBytes() || Callers.ignored()) {
      return new CopyCall(thread, null, 0);
    }
    Transfer t =
        AgentHooks.transfer(Sources.AGENT_NIO)
            .operation("copy")
            .direction(Direction.READ) // it counts the source's bytes, read
            .name(FileNames.of(path))
            .totalBytes(size)
            .start();
    return new CopyCall(thread, t, size);
  }

  /** The copy returned, or threw {@code thrown}. */
  void end(Throwable thrown) {
    if (transfer == null) {
      return;
    }
    if (thrown != null) {
      TransferEnds.threw(transfer, thrown); // an interrupted copy is cancelled, not failed
    } else {
      transfer.advance(size);
      transfer.complete();
    }
  }
}
