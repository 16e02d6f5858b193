// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.process.ProgressParsers;
import dev.flowmeter.process.TrackedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pv -n} and {@code rsync --info=progress2}, each slowed down to last about two seconds. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TrackedPvRsyncTest {
  @TempDir Path dir;

  @Test
  void pv_numericOutput_risesTo100() throws Exception {
    Tools.require("pv");
    Path file = Files.write(dir.resolve("data.bin"), new byte[8_000_000]);
    Tools.Recorder recorder = new Tools.Recorder();
    ProcessBuilder pv =
        new ProcessBuilder("pv", "-n", "-i", "0.2", "-s", "8000000", "-L", "4m", file.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);

    TrackedProcess run =
        TrackedProcess.builder(pv, ProgressParsers.pv()).listener(recorder).start();

    assertThat(run.waitFor()).isZero();
    recorder.assertRoseTo100AndCompleted(3);
  }

  @Test
  void pv_missingFile_fails() throws Exception {
    Tools.require("pv");
    Tools.Recorder recorder = new Tools.Recorder();
    ProcessBuilder pv =
        new ProcessBuilder("pv", "-n", dir.resolve("missing.bin").toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);

    TrackedProcess run =
        TrackedProcess.builder(pv, ProgressParsers.pv()).discardOutput().listener(recorder).start();

    assertThat(run.waitFor()).isNotZero();
    recorder.assertFailedWith("No such file or directory");
  }

  @Test
  void rsync_progress2_generatedTree_risesTo100() throws Exception {
    Tools.require("rsync");
    Path source = dir.resolve("tree");
    Random random = new Random(10);
    for (int d = 0; d < 3; d++) {
      Path sub = Files.createDirectories(source.resolve("dir" + d));
      for (int f = 0; f < 10; f++) {
        byte[] data = new byte[1_000_000];
        random.nextBytes(data);
        Files.write(sub.resolve("file" + f + ".bin"), data);
      }
    }
    Tools.Recorder recorder = new Tools.Recorder();
    ProcessBuilder rsync =
        new ProcessBuilder(
            "rsync",
            "-a",
            "--info=progress2",
            "--no-inc-recursive",
            "--bwlimit=15000",
            source + "/",
            dir.resolve("copy").toString());

    TrackedProcess run =
        TrackedProcess.builder(rsync, ProgressParsers.rsync())
            .discardOutput()
            .listener(recorder)
            .start();

    assertThat(run.waitFor()).isZero();
    recorder.assertRoseTo100AndCompleted(3);
    assertThat(dir.resolve("copy/dir2/file9.bin")).hasSize(1_000_000);
  }

  @Test
  void rsync_missingSource_fails() throws Exception {
    Tools.require("rsync");
    Tools.Recorder recorder = new Tools.Recorder();
    ProcessBuilder rsync =
        new ProcessBuilder(
            "rsync",
            "-a",
            "--info=progress2",
            dir.resolve("missing") + "/",
            dir.resolve("copy").toString());

    TrackedProcess run =
        TrackedProcess.builder(rsync, ProgressParsers.rsync())
            .discardOutput()
            .listener(recorder)
            .start();

    assertThat(run.waitFor()).isEqualTo(23);
    recorder.assertFailedWith("exit status 23: rsync error: some files/attrs were not transferred");
  }
}
