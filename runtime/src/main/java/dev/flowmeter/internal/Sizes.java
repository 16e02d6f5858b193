// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ProgressEvent;
import java.io.FileInputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The totals found automatically: the size of a file, or what is left of one behind a stream or a
 * channel. Each says {@link ProgressEvent#UNKNOWN} rather than throw, and rather than 0 (the size
 * pipes and {@code /proc} files report), so nothing is ever shown done before it starts.
 *
 * <p>Not for public use.
 */
public final class Sizes {
  private Sizes() {}

  /** The size of {@code file}, or unknown when it cannot be read or is 0. */
  public static long ofFile(Path file) {
    try {
      long size = Files.size(file);
      // a size of 0 is also what pipes and /proc files report: say unknown rather than 100 %
      return size > 0 ? size : ProgressEvent.UNKNOWN;
    } catch (Throwable e) { // an application's own Path or file system may throw anything
      UserCode.rethrowIfThreadDeath(e);
      return ProgressEvent.UNKNOWN;
    }
  }

  /** What is left to read of {@code in}'s file, or unknown. */
  public static long remaining(FileInputStream in) {
    try {
      return remaining(in.getChannel());
    } catch (Throwable e) { // a subclass's getChannel() may throw anything
      UserCode.rethrowIfThreadDeath(e);
      return ProgressEvent.UNKNOWN;
    }
  }

  /** What is left of {@code channel} after its position, or unknown when its size is 0 or fails. */
  public static long remaining(SeekableByteChannel channel) {
    try {
      long size = channel.size();
      // a size of 0 is also what pipes and /proc files report: say unknown rather than 100 %
      return size > 0 ? Math.max(0, size - channel.position()) : ProgressEvent.UNKNOWN;
    } catch (Throwable e) { // an application's own channel may throw anything
      UserCode.rethrowIfThreadDeath(e);
      return ProgressEvent.UNKNOWN;
    }
  }
}
