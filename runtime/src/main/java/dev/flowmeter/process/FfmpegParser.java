// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * FFmpeg's classic statistics lines and {@code -progress} blocks; see {@link
 * ProgressParsers#ffmpeg()}.
 */
final class FfmpegParser implements ProgressParser {
  private static final Pattern DURATION =
      Pattern.compile("^\\s*Duration:\\s*(\\d{1,9}):(\\d{2}):(\\d{2}(?:\\.\\d{1,9})?)");
  private static final Pattern SIZE =
      Pattern.compile("\\bL?size=\\s*(\\d{1,19})\\s*(kB|KiB|MiB|B)\\b");
  private static final Pattern TIME =
      Pattern.compile("\\btime=\\s*(-?)(\\d{1,9}):(\\d{2}):(\\d{2}(?:\\.\\d{1,9})?)");
  private static final Pattern BITRATE =
      Pattern.compile("\\bbitrate=\\s*(\\d{1,15}(?:\\.\\d{1,9})?)kbits/s");
  private static final Pattern SPEED = Pattern.compile("\\bspeed=\\s*(\\d{1,15}(?:\\.\\d{1,9})?)x");

  private final boolean durationGiven;
  private long durationMicros;
  // The -progress block being read; reset when a block closes.
  private long blockBytes = -1;
  private long blockMicros = -1;
  private double blockBitrate = Double.NaN;
  private double blockSpeed = Double.NaN;
  private long lastBytes = -1;

  FfmpegParser(long durationMicros) {
    this.durationGiven = durationMicros > 0;
    this.durationMicros = durationMicros;
  }

  @Override
  public @Nullable ToolProgress parse(String line) {
    int eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith("frame=") && line.indexOf(' ') < 0) {
      return keyValue(line.substring(0, eq), line.substring(eq + 1));
    }
    if (line.contains("muxing overhead")) {
      return new ToolProgress(lastBytes, -1, 1.0, Double.NaN);
    }
    if (line.contains("Duration:")) {
      Matcher m = DURATION.matcher(line);
      if (m.find() && !durationGiven && durationMicros <= 0) {
        durationMicros = micros("", m.group(1), m.group(2), m.group(3));
      }
      return null;
    }
    if (!line.contains("time=")) {
      return null;
    }
    Matcher size = SIZE.matcher(line);
    long bytes = size.find() ? Numbers.binarySize(size.group(1), size.group(2)) : -1;
    Matcher time = TIME.matcher(line);
    long micros =
        time.find() ? micros(time.group(1), time.group(2), time.group(3), time.group(4)) : -1;
    if (bytes < 0 && micros < 0) {
      return null;
    }
    Matcher bitrate = BITRATE.matcher(line);
    Matcher speed = SPEED.matcher(line);
    double rate =
        bitrate.find() && speed.find()
            ? Numbers.decimal(bitrate.group(1)) * 1000 / 8 * Numbers.decimal(speed.group(1))
            : Double.NaN;
    return progress(bytes, micros, rate);
  }

  private @Nullable ToolProgress keyValue(String key, String value) {
    switch (key) {
      case "total_size":
        blockBytes = Numbers.bytes(Numbers.decimal(value), 1);
        return null;
      case "out_time_us":
      case "out_time_ms": // FFmpeg writes microseconds under this name too
        blockMicros = Numbers.bytes(Numbers.decimal(value), 1);
        return null;
      case "bitrate":
        blockBitrate =
            value.endsWith("kbits/s")
                ? Numbers.decimal(value.substring(0, value.length() - 7)) * 1000 / 8
                : Double.NaN;
        return null;
      case "speed":
        blockSpeed =
            value.endsWith("x")
                ? Numbers.decimal(value.substring(0, value.length() - 1))
                : Double.NaN;
        return null;
      case "progress":
        ToolProgress result =
            "end".equals(value)
                ? new ToolProgress(blockBytes, -1, 1.0, Double.NaN)
                : progress(blockBytes, blockMicros, blockBitrate * blockSpeed);
        blockBytes = -1;
        blockMicros = -1;
        blockBitrate = Double.NaN;
        blockSpeed = Double.NaN;
        return "continue".equals(value) || "end".equals(value) ? result : null;
      default:
        return null;
    }
  }

  private ToolProgress progress(long bytes, long micros, double rate) {
    if (bytes >= 0) {
      lastBytes = bytes;
    }
    double fraction =
        micros >= 0 && durationMicros > 0 ? (double) micros / durationMicros : Double.NaN;
    return new ToolProgress(bytes, -1, fraction, rate);
  }

  /** Returns the microseconds of {@code h:mm:ss.fff}, 0 for a negative time, -1 if out of range. */
  private static long micros(String sign, String hours, String minutes, String seconds) {
    if (!sign.isEmpty()) {
      return 0;
    }
    double total =
        Numbers.decimal(hours) * 3600 + Numbers.decimal(minutes) * 60 + Numbers.decimal(seconds);
    return Numbers.bytes(total, 1_000_000);
  }

  @Override
  public String toString() {
    return "FfmpegParser";
  }
}
