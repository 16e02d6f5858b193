// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.Direction;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.internal.Sources;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's threshold and end rules, the same for a file stream ({@link StreamState}) and a
 * stream the agent wraps itself ({@link Tally}), called directly as the bridge calls them. The
 * global tracker has no sinks here ({@code flowmeter.sinks=none}).
 */
final class CountedStreamTest {
  private static final long MIN = 1024;

  @BeforeAll
  static void threshold() {
    AgentSettings.configure(MIN, 60_000_000_000L);
  }

  /** A tally as an HTTP body makes it; these tests do not depend on the path. */
  private static Tally tally(String operation, String name, long total, Transfer parent) {
    return new Tally(Sources.AGENT_HTTP, Direction.READ, operation, name, total, parent);
  }

  /** A tally above a file stream, as a gzip or zip stream makes it. */
  private static Tally above(String operation, String name, long total, StreamState beneath) {
    return Tally.above(Sources.AGENT_ZIP, Direction.READ, operation, name, total, beneath);
  }

  @Test
  void transfers_sayTheAgentsPathAndDirection(@TempDir Path dir) throws IOException {
    Object stream = new Object();
    Tally upload = new Tally(Sources.AGENT_HTTP, Direction.WRITE, "upload", "u", 4096, null);
    upload.moved(stream, 10);
    assertThat(upload.transfer().snapshot().source()).isEqualTo("agent.http");
    assertThat(upload.transfer().snapshot().direction()).isEqualTo(Direction.WRITE);

    StreamState file = new StreamState(stream, "f", true, 4096, System.nanoTime(), true);
    file.moved(stream, 10);
    assertThat(file.transfer().snapshot().source()).isEqualTo("agent.file");
    assertThat(file.transfer().snapshot().direction()).isEqualTo(Direction.READ);

    try (FileChannel channel = FileChannel.open(Files.createFile(dir.resolve("c")))) {
      StreamState nio = new StreamState(channel, "c", false, -1, System.nanoTime(), true);
      nio.moved(channel, MIN);
      assertThat(nio.transfer().snapshot().source()).isEqualTo("agent.nio");
      assertThat(nio.transfer().snapshot().direction()).isEqualTo(Direction.WRITE);
    }
  }

  @Test
  void knownTotalAtLeastTheThreshold_isShownAtItsFirstByteAndCompletesAtTheEnd() {
    Object stream = new Object();
    Tally tally = tally("download", "known", 4096, null);
    tally.moved(stream, 10);
    Transfer t = tally.transfer();
    assertThat(t).isNotNull();
    tally.moved(stream, 4086);
    assertThat(t.bytes()).isEqualTo(4096);

    tally.endOfStream();
    assertThat(t.status()).isEqualTo(Status.COMPLETED);
    tally.moved(stream, 5); // counts no more once ended
    assertThat(t.bytes()).isEqualTo(4096);
  }

  @Test
  void knownTotalBelowTheThreshold_isNeverShown() {
    Object stream = new Object();
    StreamState state = new StreamState(stream, "small", true, MIN - 1, System.nanoTime(), true);
    state.moved(stream, MIN - 1);
    state.moved(stream, 1);
    assertThat(state.transfer()).isNull();
    assertThat(state.showNow()).isNull();
  }

  @Test
  void unknownTotal_isShownOnceItMovedTheThresholdAndEndsWithItsCloseNotItsEnd() {
    Object stream = new Object();
    Tally tally = tally("read", "unknown", -1, null);
    tally.moved(stream, MIN - 1);
    assertThat(tally.transfer()).isNull();
    tally.moved(stream, 1);
    Transfer t = tally.transfer();
    assertThat(t).isNotNull();
    assertThat(t.bytes()).isEqualTo(MIN); // what moved before it was shown is counted

    tally.endOfStream();
    assertThat(t.isDone()).isFalse();
    tally.closed();
    assertThat(t.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void failure_failsAndCloseLeavesItFailed() {
    Object stream = new Object();
    Tally tally = tally("read", "failing", 4096, null);
    tally.moved(stream, 100);
    tally.failed(new IOException("disk"));
    tally.closed();
    assertThat(tally.transfer().status()).isEqualTo(Status.FAILED);
  }

  @Test
  void interruption_cancels() {
    Object stream = new Object();
    StreamState state = new StreamState(stream, "interrupted", true, 4096, System.nanoTime(), true);
    state.moved(stream, 100);
    state.failed(new InterruptedIOException("interrupted"));
    state.closed();
    assertThat(state.transfer().status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void callersArgumentError_leavesTheTransferCounting() {
    Object stream = new Object();
    Tally tally = tally("read", "misused", 4096, null);
    tally.moved(stream, 100);
    tally.failed(new IndexOutOfBoundsException("len -1"));
    tally.moved(stream, 100);
    Transfer t = tally.transfer();
    assertThat(t.bytes()).isEqualTo(200);
    tally.closed();
    assertThat(t.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void streamAbove_isTheFilesChildAndItsFailureFailsTheFile() {
    Object file = new Object();
    StreamState archive = new StreamState(file, "archive.gz", true, 4096, System.nanoTime(), true);
    archive.moved(file, 4096);
    Object gzip = new Object();
    Tally gunzip = above("read", "archive.gz (gunzip)", -1, archive);
    gunzip.moved(gzip, 2 * MIN);
    assertThat(gunzip.transfer().parentId()).isEqualTo(archive.transfer().id());

    archive.endOfStream(); // the file's end is not the end while the stream above reads it
    assertThat(archive.transfer().isDone()).isFalse();
    gunzip.failed(new EOFException("Unexpected end of ZLIB input stream"));
    archive.closed();
    gunzip.closed();
    assertThat(gunzip.transfer().status()).isEqualTo(Status.FAILED);
    assertThat(archive.transfer().status()).isEqualTo(Status.FAILED);
  }

  @Test
  void streamAbove_showsTheFileBeneathWithIt() {
    Object file = new Object();
    StreamState compressed = new StreamState(file, "data.gz", true, -1, System.nanoTime(), true);
    compressed.moved(file, 10); // a compressed file moves fewer bytes than the stream above it
    assertThat(compressed.transfer()).isNull();
    Tally gunzip = above("read", "data.gz (gunzip)", -1, compressed);
    Object gzip = new Object();
    gunzip.moved(gzip, MIN);
    assertThat(compressed.transfer()).isNotNull();
    assertThat(gunzip.transfer().parentId()).isEqualTo(compressed.transfer().id());
    assertThat(gzip).isNotNull(); // the streams stay reachable until here
    assertThat(file).isNotNull();
  }

  @Test
  void streamAbove_fileFailsAtFullSize_showsItsOwnShareNotTheChilds() {
    Object file = new Object();
    StreamState archive = new StreamState(file, "cut.gz", true, 4096, System.nanoTime(), true);
    archive.moved(file, 4096); // the whole compressed file read
    Object gzip = new Object();
    Tally gunzip = above("read", "cut.gz (gunzip)", -1, archive);
    gunzip.moved(gzip, 2 * MIN); // uncompressed bytes, total unknown
    assertThat(archive.transfer().snapshot().fraction()).isEqualTo(1.0);

    gunzip.failed(new EOFException("Unexpected end of ZLIB input stream"));
    assertThat(archive.transfer().status()).isEqualTo(Status.FAILED);
    assertThat(archive.transfer().snapshot().fraction()).isEqualTo(1.0);
    assertThat(archive.transfer().snapshot().bytes()).isEqualTo(4096);
    assertThat(gzip).isNotNull();
  }

  @Test
  void everyEnd_keepsTheTotalAndTheShareThatReallyMoved_asTheLibraryDoes() {
    Object stream = new Object();
    Tally closedEarly = tally("extract", "closed early", 4096, null);
    closedEarly.moved(stream, 1000);
    closedEarly.closed();
    ProgressEvent done = closedEarly.transfer().snapshot();
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(done.bytes()).isEqualTo(1000);
    assertThat(done.totalBytes()).isEqualTo(4096);
    assertThat(done.fraction()).isEqualTo(1000 / 4096.0);

    Tally failed = tally("extract", "failed", 4096, null);
    failed.moved(stream, 1000);
    failed.failed(new IOException("disk"));
    failed.closed();
    ProgressEvent end = failed.transfer().snapshot();
    assertThat(end.status()).isEqualTo(Status.FAILED);
    assertThat(end.totalBytes()).isEqualTo(4096);
    assertThat(end.bytes()).isEqualTo(1000);
  }

  @Test
  void usersCancel_stopsTheStream_namingTheTransferAndTheReason() {
    Object stream = new Object();
    Tally tally = tally("download", "http://host/big", 4096, null);
    tally.moved(stream, 100);
    assertThat(tally.stopped()).isNull();
    Transfer t = tally.transfer();
    t.cancel("user pressed stop");
    assertThat(tally.stopped())
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage(
            "transfer cancelled: user pressed stop (download http://host/big, transfer "
                + t.id()
                + ")");
    assertThat(t.bytes()).isEqualTo(100);
  }

  @Test
  void interruptionOrSmallStream_neverStops() {
    Object stream = new Object();
    Tally interrupted = tally("read", "interrupted", 4096, null);
    interrupted.moved(stream, 100);
    interrupted.failed(new InterruptedIOException("interrupted"));
    assertThat(interrupted.transfer().status()).isEqualTo(Status.CANCELLED);
    assertThat(interrupted.stopped()).isNull();
    Tally small = tally("read", "small", MIN - 1, null);
    small.moved(stream, 10);
    assertThat(small.stopped()).isNull(); // never shown, so never cancelled
  }

  @Test
  void checkNotStopped_throwsOnlyUnderInterrupt_asSetWhenTheStreamWasMade() throws Exception {
    Object stream = new Object();
    Tally marked = tally("read", "mark", 4096, null);
    AgentSettings.interruptsOnCancel(true);
    Tally interrupting;
    try {
      interrupting = tally("read", "interrupt", 4096, null);
    } finally {
      AgentSettings.interruptsOnCancel(false);
    }
    for (Tally tally : List.of(marked, interrupting)) {
      tally.moved(stream, 100);
      tally.checkNotStopped();
      tally.transfer().cancel();
    }
    marked.checkNotStopped(); // the stream goes on
    assertThatThrownBy(interrupting::checkNotStopped)
        .isInstanceOf(InterruptedIOException.class)
        .hasMessageStartingWith("transfer cancelled (read interrupt, transfer ");
  }
}
