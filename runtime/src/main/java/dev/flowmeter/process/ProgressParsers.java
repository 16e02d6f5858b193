// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The progress parsers for the external tools Flowmeter knows.
 *
 * <p>Each factory returns a new parser: parsers remember earlier lines, so use one per process.
 * Every parser ignores lines longer than {@value #MAX_LINE} characters (no tool writes a progress
 * line that long) and lines it does not recognise, and never throws.
 *
 * <p>Sizes follow each tool's own convention, stated on each factory. Speeds are converted to bytes
 * per second.
 */
public final class ProgressParsers {
  /** The longest line a parser looks at; longer lines are ignored, which bounds the cost. */
  public static final int MAX_LINE = 4096;

  private ProgressParsers() {}

  /**
   * Returns a parser of FFmpeg's output, learning the input's duration from its {@code Duration:}
   * line.
   *
   * <p>It reads both the classic statistics line on stderr ({@code frame= 125 ... size= 216kB
   * time=00:00:04.96 bitrate= 357.3kbits/s speed=0.98x}) and the key=value blocks of {@code
   * -progress pipe:1} ({@code total_size=}, {@code out_time_us=}, {@code out_time_ms=} which FFmpeg
   * also writes in microseconds, {@code speed=}, then {@code progress=continue} or {@code
   * progress=end} closing the block); feed it both streams if you use both. The fraction is the
   * output time over the first {@code Duration:} seen; it is unknown until then. The classic final
   * summary line ({@code muxing overhead}) and {@code progress=end} report the fraction 1. Sizes in
   * {@code kB} (FFmpeg before 6.1) and {@code KiB} are both 1024 bytes. The speed is the output's
   * bitrate times FFmpeg's {@code speed=} factor, in bytes per second.
   */
  public static ProgressParser ffmpeg() {
    return guarded(new FfmpegParser(-1));
  }

  /**
   * Returns a parser of FFmpeg's output for an input whose duration the caller knows, for example
   * when {@code -t} cuts it or the input states none.
   *
   * @param inputDuration the duration of the media FFmpeg will write, positive
   * @throws IllegalArgumentException if {@code inputDuration} is zero or negative
   * @see #ffmpeg()
   */
  public static ProgressParser ffmpeg(Duration inputDuration) {
    Objects.requireNonNull(inputDuration, "inputDuration");
    if (inputDuration.isNegative() || inputDuration.isZero()) {
      throw new IllegalArgumentException("inputDuration must be positive: " + inputDuration);
    }
    long micros;
    try {
      micros =
          Math.multiplyExact(inputDuration.getSeconds(), 1_000_000L)
              + inputDuration.getNano() / 1000;
    } catch (ArithmeticException e) {
      micros = Long.MAX_VALUE;
    }
    return guarded(new FfmpegParser(micros));
  }

  /**
   * Returns a parser of curl's progress meter ({@code 45 20.0M 45 9216k 0 0 4096k 0 0:00:05 ...}).
   *
   * <p>Sizes and speeds use curl's suffixes {@code k M G T P}, each 1024 times the one before; a
   * number without suffix is bytes. The total is unknown while curl prints {@code 0}.
   */
  public static ProgressParser curl() {
    return guarded(new CurlParser());
  }

  /**
   * Returns a parser of wget's bar ({@code big.bin 45%[=====> ] 9.00M 4.00MB/s eta 3s}) and dot
   * output ({@code 4500K .......... .......... 45% 4.00M 3s}).
   *
   * <p>Sizes and speeds use wget's binary units: {@code K}, {@code M}, {@code G} are 1024, 1024²
   * and 1024³ bytes, {@code KB/s} 1024 bytes per second. The total comes from wget's {@code
   * Length:} line. In dot output the bytes are the line's offset plus 1 KiB per dot (wget's default
   * dot style); the fraction is wget's own percentage, and 100 % reports the whole total.
   */
  public static ProgressParser wget() {
    return guarded(new WgetParser());
  }

  /**
   * Returns a parser of {@code rsync --info=progress2} lines ({@code 1,234,567 45% 1.20MB/s 0:00:04
   * (xfr#3, to-chk=7/10)}).
   *
   * <p>The bytes are rsync's grouped count (or, with {@code -h}, a size with {@code K M G T}
   * suffix, 1024 each); speeds in {@code kB/s}, {@code MB/s}, {@code GB/s} are 1024-based, as rsync
   * computes them. The total is unknown: rsync states only a percentage. Use {@code
   * --no-inc-recursive}, or rsync's percentage may fall while it is still discovering files.
   */
  public static ProgressParser rsync() {
    return guarded(new RsyncParser());
  }

  /** Returns a parser of {@code pv -n}: one integer percentage per line. */
  public static ProgressParser pv() {
    return guarded(
        line -> {
          String trimmed = line.trim();
          if (trimmed.isEmpty()
              || trimmed.length() > 3
              || !trimmed.chars().allMatch(Character::isDigit)) {
            return null;
          }
          int percent = Integer.parseInt(trimmed);
          return percent > 100 ? null : ToolProgress.ofFraction(percent / 100.0);
        });
  }

  /**
   * Returns a parser of MegaCMD's transfer lines ({@code TRANSFERRING ||####....||(857/1714 MB:
   * 50.00 %)}).
   *
   * <p>Sizes in {@code B KB MB GB TB} are 1024-based ({@code MB} is 1024² bytes), as MegaCMD counts
   * them; the fraction is MegaCMD's percentage.
   */
  public static ProgressParser megaCmd() {
    return guarded(new MegaCmdParser());
  }

  private static ProgressParser guarded(ProgressParser parser) {
    return new Guarded(parser);
  }

  /** Enforces the contract: bounded lines, no exception out, whatever the parser does. */
  private static final class Guarded implements ProgressParser {
    private final ProgressParser parser;

    Guarded(ProgressParser parser) {
      this.parser = parser;
    }

    @Override
    public @Nullable ToolProgress parse(String line) {
      if (line == null || line.length() > MAX_LINE) {
        return null;
      }
      try {
        return parser.parse(line);
      } catch (RuntimeException | StackOverflowError e) {
        // A line the parser trips over states no progress we can trust; ignoring it is the
        // contract (fail-open), and a tool's output is not worth a message per line.
        return null;
      }
    }

    @Override
    public String toString() {
      return "Guarded(" + parser + ")";
    }
  }
}
