// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How one output stream of a process is split into lines and passed on. */
final class OutputDrainTest {
  private final List<String> lines = new ArrayList<>();

  private OutputDrain drain(InputStream in, ByteArrayOutputStream out, boolean dropProgress) {
    return new OutputDrain(
        in,
        () -> out,
        dropProgress,
        line -> {
          lines.add(line);
          return line.startsWith("P");
        },
        StandardCharsets.UTF_8);
  }

  @Test
  void splitsAtNewlinesAndCarriageReturns() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    drain(stream("one\ntwo\rP3\r\nlast"), out, false).run();

    assertThat(lines).containsExactly("one", "two", "P3", "", "last");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\rP3\r\nlast");
  }

  @Test
  void lastLine_isTheLastNonBlankLineThatStatedNoProgress() {
    OutputDrain drain =
        drain(
            stream("error: first\n  error: second  \nP50\n\n"), new ByteArrayOutputStream(), false);
    drain.run();

    assertThat(drain.lastLine()).isEqualTo("error: second");
  }

  @Test
  void aHundredMegabyteLine_isPassedOnWhole_butNeverHeldOrParsed() {
    long size = 100_000_000L;
    InputStream huge =
        new InputStream() {
          long left = size;

          @Override
          public int read() {
            return left-- > 0 ? 'P' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'P');
            left -= n;
            return n;
          }
        };
    long[] written = {0};
    java.io.OutputStream counter =
        new java.io.OutputStream() {
          @Override
          public void write(int b) {
            written[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            written[0] += len;
          }
        };
    OutputDrain drain =
        new OutputDrain(
            new SequenceInputStream(huge, stream("\nP7\n")),
            () -> counter,
            true,
            line -> {
              lines.add(line);
              return line.startsWith("P");
            },
            StandardCharsets.UTF_8);

    drain.run();

    // the long line is not a progress line: passed on whole, with its newline; "P7\n" dropped
    assertThat(written[0]).isEqualTo(size + 1);
    assertThat(lines).containsExactly("P7");
    assertThat(drain.lastLine()).hasSize(OutputDrain.MAX_LINE_BYTES);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
