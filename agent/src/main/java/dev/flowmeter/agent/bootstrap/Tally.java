// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import dev.flowmeter.Direction;
import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.internal.AgentHooks;

/**
 * The count of one stream the agent wrapped itself (an HTTP body, a zip entry, a gzip stream): its
 * operation, name and total, and the threshold and transfer of a {@link CountedStream}. A tally
 * with a parent transfer becomes its child.
 *
 * <p>A tally read from a file stream the agent counts ({@code beneath}) is that file's child, and
 * their ends are tied: the file's end of stream waits for the tally's end, and when a read through
 * the tally fails (a truncated archive: {@code EOFException: Unexpected end of ZLIB input stream})
 * the file's transfer fails with it, so that neither is reported complete.
 *
 * <p>Thread-safety: used by the one thread that reads or writes the stream at a time, like the
 * stream itself; every method catches everything (fail-open).
 */
final class Tally extends CountedStream {
  private final String source; // the agent's path: Sources.AGENT_HTTP or AGENT_ZIP
  private final Direction direction;
  private final String operation;
  private final String name;
  private final Transfer parent;
  // the file stream beneath, whose transfer becomes the parent when this tally is shown
  private final StreamState beneath;

  /**
   * A tally of {@code total} bytes (-1: unknown), a child of {@code parent} when not null, made by
   * the agent's path {@code source}, its bytes moving in {@code direction}.
   */
  Tally(
      String source,
      Direction direction,
      String operation,
      String name,
      long total,
      Transfer parent) {
    this(source, direction, operation, name, total, parent, null);
  }

  /**
   * A tally whose parent is the transfer of the file stream {@code beneath}, taken when the tally
   * is shown; the file's transfer is shown then too if it was not yet (a compressed file moves
   * fewer bytes than the stream above it, so it would reach the threshold later).
   */
  static Tally above(
      String source,
      Direction direction,
      String operation,
      String name,
      long total,
      StreamState beneath) {
    return new Tally(source, direction, operation, name, total, null, beneath);
  }

  private Tally(
      String source,
      Direction direction,
      String operation,
      String name,
      long total,
      Transfer parent,
      StreamState beneath) {
    super(total, System.nanoTime());
    this.source = source;
    this.direction = direction;
    this.operation = operation;
    this.name = name;
    this.parent = parent;
    this.beneath = beneath;
    if (beneath != null) {
      beneath.endsWithStreamAbove();
    }
  }

  @Override
  Transfer start(Object source, long pending) {
    if (Callers.ignored()) {
      return null;
    }
    TransferBuilder b =
        AgentHooks.transfer(this.source) // the field: the argument is the stream
            .operation(operation)
            .direction(direction)
            .name(name)
            .totalBytes(total());
    Transfer p = parent != null ? parent : beneath != null ? beneath.showNow() : null;
    if (p != null) {
      b.parent(p);
      // the parent is a file read counting its own (compressed) bytes against its own size: its
      // percentage must not become the mean of children counted in uncompressed bytes
      AgentHooks.ownShare(p);
    }
    Transfer t = startFromFirstByte(b);
    AgentHooks.record(t, pending);
    return t;
  }

  /** A call threw: this transfer and the file's beneath it end as the rules say. */
  @Override
  void failed(Throwable thrown) {
    super.failed(thrown);
    if (beneath != null) {
      beneath.failed(thrown);
    }
  }
}
