// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Transfer;
import dev.flowmeter.process.ProgressParsers;
import dev.flowmeter.process.TrackedProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Progress from an external tool: FFmpeg encodes {@code seconds} (10 unless given) of its own test
 * pattern, and its progress, read from its statistics line, is a bar like any other.
 */
public final class FfmpegSample {
  /** The options, as {@code --help} lists them. */
  static final String OPTIONS = "[seconds]";

  private FfmpegSample() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int seconds = seconds(args);
    try (Scratch scratch = Scratch.temporary("flowmeter-ffmpeg")) {
      ProgressEvent end = convert(scratch.file("clip.mp4"), seconds).snapshot();
      Flowmeter.flush(1_000);
      System.out.println(
          end.name() + ": " + end.status() + end.error().map(e -> " (" + e + ")").orElse(""));
      if (end.status() != Status.COMPLETED) {
        throw new IOException("ffmpeg " + end.status() + ": " + end.error().orElse(""));
      }
    }
  }

  private static int seconds(String[] args) {
    if (args.length == 0) {
      return 10;
    }
    if (args.length == 1 && args[0].matches("[1-9][0-9]{0,3}")) {
      return Integer.parseInt(args[0]);
    }
    throw new UsageException("give the clip's length in seconds (1 to 9999), or nothing");
  }

  // README: ffmpeg
  /** Encodes {@code seconds} of FFmpeg's test pattern into {@code target}, with a bar. */
  static Transfer convert(Path target, int seconds) throws IOException, InterruptedException {
    String pattern = "testsrc=duration=" + seconds + ":size=640x480:rate=25";
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y"));
    command.addAll(List.of("-loglevel", "error", "-stats")); // errors, and the line Flowmeter reads
    command.addAll(List.of("-f", "lavfi", "-i", pattern, "-c:v", "libx264", target.toString()));
    TrackedProcess run =
        TrackedProcess.builder(
                new ProcessBuilder(command), ProgressParsers.ffmpeg(Duration.ofSeconds(seconds)))
            .operation("convert")
            .name(target.getFileName().toString())
            .start();
    run.waitFor(); // 0, else the transfer failed with "exit status 1: <FFmpeg's last error line>"
    return run.transfer();
  }
  // README: end
}
