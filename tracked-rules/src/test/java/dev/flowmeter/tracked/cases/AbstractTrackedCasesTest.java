// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of {@link TrackedCases} as one suite that each door runs: a subclass compiles the cases
 * its way, runs them once (with {@link TrackedCaseRunner}) and hands over what they reported and
 * what it said about the misuses; the assertions, and so the expectations, are the same for every
 * door.
 */
public abstract class AbstractTrackedCasesTest {
  /**
   * What each case reported through this door, by method, as {@link TrackedCaseRunner} gives it.
   */
  protected abstract Map<String, String> transfers();

  /** The messages this door gave for {@code cases.Misuses}, one per message given. */
  protected abstract List<String> misuseMessages();

  static List<TrackedCase> cases() {
    return TrackedCases.all();
  }

  static List<TrackedMisuse> misuses() {
    return TrackedCases.misuses();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void call_reportsTheDocumentedTransfers(TrackedCase c) {
    assertThat(transfers().get(c.method())).isEqualTo(c.expected());
  }

  @ParameterizedTest
  @MethodSource("misuses")
  void misuse_isSaidOnceWithTheSharedMessage(TrackedMisuse m) {
    assertThat(misuseMessages()).filteredOn(m.message()::equals).hasSize(1);
  }

  @Test
  void misuses_nothingElseIsSaid() {
    assertThat(misuseMessages()).hasSameSizeAs(TrackedCases.misuses());
  }
}
