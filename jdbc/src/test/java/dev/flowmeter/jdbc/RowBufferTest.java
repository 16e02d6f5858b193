// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.jdbc.Rows.ProgressRow;
import dev.flowmeter.jdbc.Rows.TransferRow;
import org.junit.jupiter.api.Test;

/** The buffer's bound: progress rows go first, a transfer's row last, and each is counted. */
final class RowBufferTest {
  @Test
  void full_ofTransfers_dropsTheOldestTransfer_andThenNewProgress() {
    RowBuffer buffer = new RowBuffer(2);
    buffer.add(transfer("r-1"));
    buffer.add(progress("r-1"));
    buffer.add(transfer("r-2")); // the progress row goes
    buffer.add(progress("r-2")); // nothing but transfers: the new progress row goes
    buffer.add(transfer("r-3")); // the oldest transfer goes

    assertThat(buffer.transfers()).extracting(TransferRow::id).containsExactly("r-2", "r-3");
    assertThat(buffer.progress()).isEmpty();
    assertThat(buffer.droppedProgress()).isEqualTo(2);
    assertThat(buffer.droppedTransfers()).isEqualTo(1);
  }

  @Test
  void laterRowOfOneTransfer_replacesTheEarlier_takingNoRoom() {
    RowBuffer buffer = new RowBuffer(1);
    buffer.add(transfer("r-1"));
    TransferRow later = transfer("r-1");
    buffer.add(later);

    assertThat(buffer.transfers()).containsExactly(later);
    assertThat(buffer.droppedTransfers()).isZero();
  }

  private static TransferRow transfer(String id) {
    return new TransferRow(
        id,
        "r",
        1,
        "n",
        "copy",
        "transfer",
        "bytes",
        0,
        null,
        0,
        null,
        0,
        "starting",
        null,
        null,
        null,
        "{}");
  }

  private static ProgressRow progress(String id) {
    return new ProgressRow(id, 0, 0, null, null);
  }
}
