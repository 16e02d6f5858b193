// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the real-tool tests share: finding a tool on the {@code PATH}, and a listener that records a
 * tracked process's events and checks them.
 *
 * <p>A missing tool aborts the test (skipped), unless {@code CI} is set: then it fails, as the tmux
 * tests do, so that CI never passes without having run the tools ({@code .ci/install-tools}
 * installs them from Debian).
 */
public final class Tools {
  private Tools() {}

  /** Aborts the test when {@code tool} is not on the {@code PATH}; fails instead when CI is set. */
  public static void require(String tool) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return;
        }
      }
    }
    missing(tool + " is not installed (.ci/install-tools installs it from Debian)");
  }

  /**
   * Aborts the test when {@code path} does not exist, saying {@code what} it is and how to get it;
   * fails instead when CI is set.
   */
  public static void require(Path path, String what) {
    if (!Files.exists(path)) {
      missing(path + " is missing (" + what + ")");
    }
  }

  private static void missing(String reason) {
    if (System.getenv("CI") != null) {
      fail(reason + ", and CI is set: the real-tool tests must run");
    }
    Assumptions.abort(reason);
  }

  /** Records one transfer's events, as a sink would see them. */
  static final class Recorder implements ProgressListener {
    private final List<ProgressEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(ProgressEvent event) {
      events.add(event);
    }

    /** The events so far, once every event sent until now was delivered. */
    List<ProgressEvent> events() {
      assertThat(Flowmeter.flush(10_000)).as("events delivered").isTrue();
      synchronized (this) {
        return List.copyOf(events);
      }
    }

    /**
     * Asserts that the known percentages never fell, that at least {@code steps} of them lay
     * between 0 and 100 (the tool's meter was read while it ran, not only at its end), and that the
     * transfer completed at 100 %.
     */
    void assertRoseTo100AndCompleted(int steps) {
      List<ProgressEvent> all = events();
      List<Double> percentages =
          all.stream()
              .filter(ProgressEvent::isPercentageKnown)
              .map(ProgressEvent::percentage)
              .toList();
      assertThat(percentages).as("percentages of %s", all).isSortedAccordingTo(Double::compare);
      assertThat(percentages.stream().filter(p -> p > 0 && p < 100).distinct().count())
          .as("percentages between 0 and 100 in %s", percentages)
          .isGreaterThanOrEqualTo(steps);
      ProgressEvent last = all.get(all.size() - 1);
      assertThat(last.status()).isEqualTo(Status.COMPLETED);
      assertThat(last.percentage()).isEqualTo(100.0);
    }

    /** Asserts that the transfer's final event is {@code failed} with an error containing text. */
    void assertFailedWith(String text) {
      List<ProgressEvent> all = events();
      ProgressEvent last = all.get(all.size() - 1);
      assertThat(last.status()).as("%s", all).isEqualTo(Status.FAILED);
      assertThat(last.error()).hasValueSatisfying(e -> assertThat(e).contains(text));
    }
  }
}
