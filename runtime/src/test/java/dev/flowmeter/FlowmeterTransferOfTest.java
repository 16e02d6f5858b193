// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.io.StreamFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Flowmeter#transferOf(Object)} finds the transfer behind everything Flowmeter wraps, and
 * wrapping twice makes one transfer (finding "Cancel does not cancel": no public way to reach it).
 */
final class FlowmeterTransferOfTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  private TransferBuilder builder() {
    return tracker.builder();
  }

  @Test
  void transferOf_everyKindOfWrapper_isItsTransfer(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("f.bin"), new byte[10]);
    try (FileChannel channel = FileChannel.open(file)) {
      List<Object> wrapped =
          List.of(
              builder().wrap(new ByteArrayInputStream(new byte[1])),
              builder().wrap(new ByteArrayOutputStream()),
              builder().wrap(new StringReader("x")),
              builder().wrap(new StringWriter()),
              builder().wrapReading(channel),
              builder().wrap(Channels.newChannel(new ByteArrayOutputStream())),
              builder().wrap(List.of(1).iterator()),
              builder().wrap(Stream.of(1)));

      assertThat(wrapped)
          .allSatisfy(w -> assertThat(Flowmeter.transferOf(w)).as("%s", w).isPresent());
      assertThat(wrapped.stream().map(w -> Flowmeter.transferOf(w).orElseThrow().id()))
          .doesNotHaveDuplicates()
          .hasSize(wrapped.size());
    }
  }

  @Test
  void transferOf_theFlowmeterEntryPoints() throws IOException {
    InputStream in = Flowmeter.wrap(new ByteArrayInputStream(new byte[10]), "entry");

    Transfer transfer = Flowmeter.transferOf(in).orElseThrow();
    in.readAllBytes();
    in.close();

    assertThat(transfer.name()).isEqualTo("entry");
    assertThat(transfer.bytes()).isEqualTo(10);
    assertThat(transfer.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void transferOf_aTrackedCallsParameter_isTheCallsTransfer() {
    TrackedCall call = TrackedCall.begin(tracker, "upload", "u", -1);
    OutputStream out = call.writing(new ByteArrayOutputStream());

    assertThat(Flowmeter.transferOf(out)).isEqualTo(call.transfer());
    call.returned();
  }

  @Test
  void transferOf_anythingElse_isEmpty() {
    Iterable<Integer> iterable = builder().wrap(List.of(1, 2));

    assertThat(Flowmeter.transferOf(new ByteArrayInputStream(new byte[1]))).isEmpty();
    assertThat(Flowmeter.transferOf("a string")).isEmpty();
    assertThat(Flowmeter.transferOf(iterable)).as("each iterator is a transfer").isEmpty();
    assertThat(Flowmeter.transferOf(builder().wrap(Stream.of(1)).map(i -> i + 1))).isEmpty();
    assertThatNullPointerException().isThrownBy(() -> Flowmeter.transferOf(null));
  }

  @Test
  void transferOf_cancelFromAnotherThread_stopsTheCopy() throws Exception {
    InputStream in = builder().wrap(new ByteArrayInputStream(new byte[100]));
    Transfer transfer = Flowmeter.transferOf(in).orElseThrow();

    Thread canceller = new Thread(() -> transfer.cancel("stopped by the user"));
    canceller.start();
    canceller.join();

    assertThat(catchThrowable(() -> in.transferTo(OutputStream.nullOutputStream())))
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("transfer cancelled: stopped by the user");
  }

  @Test
  void wrapTwice_returnsTheFirstWrapper_forEveryKind(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("f.bin"), new byte[10]);
    InputStream in = builder().wrap(new ByteArrayInputStream(new byte[1]));
    OutputStream out = builder().wrap(new ByteArrayOutputStream());
    Reader reader = builder().wrap(new StringReader("x"));
    Writer writer = builder().wrap(new StringWriter());
    WritableByteChannel sink = builder().wrap(Channels.newChannel(new ByteArrayOutputStream()));
    Iterator<Integer> it = builder().wrap(List.of(1).iterator());
    Stream<Integer> stream = builder().wrap(Stream.of(1));
    int before;
    try (FileChannel channel = FileChannel.open(file)) {
      ReadableByteChannel source = builder().wrapReading(channel);
      before = tracker.activeCount();

      assertThat(builder().name("again").wrap(in)).isSameAs(in);
      assertThat(builder().wrap(out)).isSameAs(out);
      assertThat(builder().wrap(reader)).isSameAs(reader);
      assertThat(builder().wrap(writer)).isSameAs(writer);
      assertThat(builder().wrap(source)).isSameAs(source);
      assertThat(builder().wrap(sink)).isSameAs(sink);
      assertThat(builder().wrap(it)).isSameAs(it);
      assertThat(builder().wrap(stream)).isSameAs(stream);
    }
    assertThat(tracker.activeCount()).as("no transfer created").isEqualTo(before);
  }
}
