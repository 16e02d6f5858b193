// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams and channels the application never closes and drops: their transfers are cancelled once
 * the stream is unreachable, instead of running for ever.
 */
final class UnclosedStreamTest {
  private static final int SIZE = 4 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void droppedStreamsAndChannel_areCancelledOnceUnreachable() throws Exception {
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[SIZE]);
    Path target = dir.resolve("target.bin");
    Path gzipTarget = dir.resolve("target.gz");
    Path csv = dir.resolve("unclosed.csv");

    Forked run =
        Forked.run(
            dir,
            "flowmeter.sinks=csv:" + csv,
            Forked.classPath(),
            AbandonProgram.class.getName(),
            source.toString(),
            target.toString(),
            gzipTarget.toString());

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("running 0\n");
    CsvRows rows = CsvRows.of(csv);
    // the stream and the channel on the source are two transfers of the same name
    assertThat(rows.toString().lines().filter(l -> l.contains(source.toString())))
        .filteredOn(l -> l.contains(",cancelled,"))
        .hasSize(2);
    String[] write = rows.last(target.toString());
    assertThat(write[CsvRows.STATUS]).isEqualTo("cancelled");
    assertThat(write[CsvRows.BYTES]).isEqualTo(String.valueOf(2 * 1024 * 1024));
    // the gzip stream the agent counts itself, and the file beneath it
    String[] gzip = rows.last(gzipTarget + " (gzip)");
    assertThat(gzip[CsvRows.STATUS]).isEqualTo("cancelled");
    assertThat(gzip[CsvRows.BYTES]).isEqualTo(String.valueOf(2 * 1024 * 1024));
    assertThat(rows.last(gzipTarget.toString())[CsvRows.STATUS]).isEqualTo("cancelled");
  }
}
