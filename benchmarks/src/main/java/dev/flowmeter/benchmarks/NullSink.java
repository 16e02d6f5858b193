// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.OutputStream;
import java.util.Objects;
import org.openjdk.jmh.annotations.CompilerControl;

/**
 * An output stream that discards what it is given, in methods the JIT may not inline.
 *
 * <p>A sink that the JIT could inline would let it delete the whole write loop of the raw stream
 * and report a speed no real sink has. Kept out of line, every variant pays the same one call per
 * write into the sink, and only what the wrapper adds around that call differs. (JMH applies {@link
 * CompilerControl} in forked runs only.) Thread-safe: it has no state.
 */
final class NullSink extends OutputStream {
  @Override
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public void write(int b) {}

  @Override
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
  }
}
