// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.process.ProgressParsers;
import dev.flowmeter.process.TrackedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg converting clips it generates, tracked through both of its progress formats. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TrackedFfmpegTest {
  private static final String TEST_SOURCE = "testsrc=duration=10:size=320x240:rate=25";

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    Tools.require("ffmpeg");
  }

  private static List<String> ffmpeg(String... args) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-y"));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void progressPipe_generatedClip_risesTo100() throws Exception {
    Tools.Recorder recorder = new Tools.Recorder();
    ProcessBuilder command =
        new ProcessBuilder(
            ffmpeg(
                "-readrate", // as fast as 5 times real time: several blocks on any machine
                "5",
                "-f",
                "lavfi",
                "-i",
                TEST_SOURCE,
                "-c:v",
                "libx264",
                "-preset",
                "medium",
                "-progress",
                "pipe:1",
                "-stats_period",
                "0.1",
                "-nostats",
                dir.resolve("clip.mp4").toString()));
    // the lavfi input states no Duration: the parser is told it
    TrackedProcess run =
        TrackedProcess.builder(command, ProgressParsers.ffmpeg(Duration.ofSeconds(10)))
            .discardOutput()
            .listener(recorder)
            .start();

    assertThat(run.waitFor()).isZero();
    recorder.assertRoseTo100AndCompleted(3);
  }

  @Test
  void classicStderr_durationFromTheInput_risesTo100() throws Exception {
    Path input = dir.resolve("in.mp4");
    Process generate =
        new ProcessBuilder(
                ffmpeg(
                    "-f",
                    "lavfi",
                    "-i",
                    TEST_SOURCE,
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    input.toString()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(generate.waitFor()).isZero();
    Tools.Recorder recorder = new Tools.Recorder();

    TrackedProcess run =
        TrackedProcess.builder(
                new ProcessBuilder(
                    ffmpeg(
                        "-readrate", // 10 s of clip in about 2 s, however fast the machine:
                        "5", // several progress lines, never a conversion done in one
                        "-i",
                        input.toString(),
                        "-stats_period",
                        "0.1",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "medium",
                        dir.resolve("out.mp4").toString())),
                ProgressParsers.ffmpeg())
            .discardOutput()
            .listener(recorder)
            .start();

    assertThat(run.waitFor()).isZero();
    recorder.assertRoseTo100AndCompleted(3);
  }

  @Test
  void missingInput_failsWithFfmpegsErrorLine() throws Exception {
    Path missing = dir.resolve("missing.mp4");
    Tools.Recorder recorder = new Tools.Recorder();

    TrackedProcess run =
        TrackedProcess.builder(
                new ProcessBuilder(
                    ffmpeg("-i", missing.toString(), dir.resolve("o.mp4").toString())),
                ProgressParsers.ffmpeg())
            .discardOutput()
            .listener(recorder)
            .start();

    assertThat(run.waitFor()).isNotZero();
    recorder.assertFailedWith(
        "exit status " + run.waitFor() + ": " + missing + ": No such file or directory");
  }
}
