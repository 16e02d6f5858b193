// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every variant moves exactly the bytes the raw stream does, in every workload's pattern, and
 * Flowmeter's transfer counts them. No JMH, no timing.
 */
final class VariantTest {
  private static final int SIZE = ArraySource.CACHE_SIZED;
  private static final AtomicInteger LABELS = new AtomicInteger();
  private static final byte[] DATA = ArraySource.randomBytes(SIZE, 42);
  private static final long DATA_CRC = crc(DATA);

  @ParameterizedTest
  @EnumSource(Variant.class)
  void bulkRead_readsSameBytesAsRaw(Variant variant) throws IOException {
    assertReadsAllInChunks(variant, 8192);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void smallRead_readsSameBytesAsRaw(Variant variant) throws IOException {
    assertReadsAllInChunks(variant, 64);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void singleByteRead_readsSameBytesAsRaw(Variant variant) throws IOException {
    String label = label();
    ArraySource source = new ArraySource(DATA);
    CRC32 crc = new CRC32();
    long moved = 0;
    try (InputStream in = variant.wrap(source, label)) {
      for (int b = in.read(); b >= 0; b = in.read()) {
        crc.update(b);
        moved++;
      }
    }
    assertThat(moved).isEqualTo(SIZE);
    assertThat(crc.getValue()).isEqualTo(DATA_CRC);
    assertCounted(variant, label, moved);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void bulkWrite_writesSameBytesAsRaw(Variant variant) throws IOException {
    String label = label();
    CheckedOutputStream sink =
        new CheckedOutputStream(OutputStream.nullOutputStream(), new CRC32());
    try (OutputStream out = variant.wrap(sink, label)) {
      for (int off = 0; off < SIZE; off += 8192) {
        out.write(DATA, off, 8192);
      }
    }
    assertThat(sink.getChecksum().getValue()).isEqualTo(DATA_CRC);
    assertCounted(variant, label, SIZE);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void benchmarks_returnWhatTheyMoved(Variant variant) throws IOException {
    ReadBenchmark read = new ReadBenchmark();
    read.variant = variant.label();
    read.bufferSize = 64;
    read.setUp();
    ReadByteBenchmark readByte = new ReadByteBenchmark();
    readByte.variant = variant.label();
    readByte.setUp();
    WriteBenchmark write = new WriteBenchmark();
    write.variant = variant.label();
    write.setUp();
    try {
      long byteSum = 0;
      for (byte b : ArraySource.randomBytes(SIZE, 42)) {
        byteSum += b & 0xff;
      }
      for (int pass = 0; pass < 2; pass++) { // the second pass proves the rewind
        assertThat(read.read()).isEqualTo(SIZE);
        assertThat(readByte.readByte()).isEqualTo(byteSum);
        assertThat(write.write()).isEqualTo(SIZE);
      }
    } finally {
      read.tearDown();
      readByte.tearDown();
      write.tearDown();
    }
  }

  @Test
  void named_findsEveryLabelAndRejectsOthers() {
    for (Variant variant : Variant.values()) {
      assertThat(Variant.named(variant.label())).isSameAs(variant);
    }
    assertThatThrownBy(() -> Variant.named("raw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'raw'")
        .hasMessageContaining("commonsIo");
  }

  @Test
  void arraySource_readsLikeByteArrayInputStream() {
    ArraySource source = new ArraySource(new byte[] {1, 2, 3, (byte) 200});
    byte[] buffer = new byte[3];
    assertThat(source.read()).isEqualTo(1);
    assertThat(source.read(buffer, 0, 3)).isEqualTo(3);
    assertThat(buffer).containsExactly(2, 3, (byte) 200);
    assertThat(source.read()).isEqualTo(-1);
    assertThat(source.read(buffer, 0, 3)).isEqualTo(-1);
    assertThat(source.read(buffer, 0, 0)).isZero();
    source.rewind();
    assertThat(source.skip(10)).isEqualTo(4);
    assertThat(source.available()).isZero();
  }

  private static void assertReadsAllInChunks(Variant variant, int chunk) throws IOException {
    String label = label();
    ArraySource source = new ArraySource(DATA);
    byte[] buffer = new byte[chunk];
    CRC32 crc = new CRC32();
    long moved = 0;
    try (InputStream in = variant.wrap(source, label)) {
      for (int n = in.read(buffer, 0, chunk); n >= 0; n = in.read(buffer, 0, chunk)) {
        assertThat(n).isEqualTo(chunk);
        crc.update(buffer, 0, n);
        moved += n;
      }
    }
    assertThat(moved).isEqualTo(SIZE);
    assertThat(crc.getValue()).isEqualTo(DATA_CRC);
    assertCounted(variant, label, moved);
  }

  /** For Flowmeter: its (closed, so completed) transfer counted exactly the bytes moved. */
  private static void assertCounted(Variant variant, String label, long moved) {
    if (variant != Variant.FLOWMETER && variant != Variant.FLOWMETER_AFTER_CANCELS) {
      return;
    }
    assertThat(Flowmeter.transfers())
        .filteredOn(event -> event.name().equals(label))
        .singleElement()
        .extracting(ProgressEvent::bytes)
        .isEqualTo(moved);
  }

  private static String label() {
    return "VariantTest-" + LABELS.incrementAndGet();
  }

  private static long crc(byte[] bytes) {
    Checksum crc = new CRC32();
    crc.update(Arrays.copyOf(bytes, bytes.length), 0, bytes.length);
    return crc.getValue();
  }
}
