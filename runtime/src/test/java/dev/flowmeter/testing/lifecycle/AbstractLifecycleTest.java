// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import static dev.flowmeter.testing.lifecycle.LifecycleRunner.FILE_SIZE;
import static dev.flowmeter.testing.lifecycle.LifecycleRunner.PART;
import static dev.flowmeter.testing.lifecycle.LifecycleRunner.SMALL_FILE_SIZE;
import static dev.flowmeter.testing.lifecycle.LifecycleRunner.STREAMS_PER_THREAD;
import static dev.flowmeter.testing.lifecycle.LifecycleRunner.THREADS;
import static dev.flowmeter.testing.lifecycle.LifecycleRunner.THREW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One transfer lifecycle, asserted the same way for every door: the API wrappers (the runtime's
 * {@code LifecycleTest}), the code the processor generates for {@code @Tracked} methods (the
 * processor's {@code LifecycleTest}) and the agent's advice on the JDK's streams (the agent's
 * {@code LifecycleTest}, one forked JVM). A subclass performs every {@link LifecycleScenario} once
 * through its door with {@link LifecycleRunner} and hands over what was observed; the expectations
 * are the architecture's, here only.
 *
 * <p>Every transfer of every scenario must show {@code starting} first and exactly one final event
 * last, each status moving forward only: the promise that each lifecycle event reaches every
 * listener exactly once and in order.
 *
 * <p>Where a door does not meet an expectation today, it names the scenario in {@link
 * #knownFailures()} with what it does instead; the scenario's test here is then skipped with that
 * text, and the door's own {@code @Disabled} test runs it through {@link #assertScenarios}, so that
 * whoever fixes the door has a failing test to turn green.
 *
 * <p>The suite lives in the runtime's test-jar ({@code dev.flowmeter.testing.lifecycle}, the only
 * package that jar holds): every door's tests already depend on the runtime, the wrappers' door
 * runs beside the wrappers, and no module is added for it. Its package is not {@code
 * dev.flowmeter}, because under the agent the runtime is on the bootstrap class path and the suite
 * on the application's.
 */
public abstract class AbstractLifecycleTest {
  /** What each scenario showed through this door, computed once. */
  protected abstract Map<LifecycleScenario, Observation> observed();

  /**
   * The words of {@code ProgressEvent.source()} this door's transfers may carry: {@code api} for
   * the wrappers, {@code tracked} for the generated code, the agent's paths for the agent.
   */
  protected abstract Set<String> sources();

  /**
   * The scenarios this door gets wrong today, each with what it does instead; asserted by the
   * door's {@code @Disabled} findings test, skipped (with that text) by the tests here.
   */
  protected Map<LifecycleScenario, String> knownFailures() {
    return Map.of();
  }

  /**
   * Whether a cancel from another thread makes the reader's next read throw {@link
   * java.io.InterruptedIOException} (the wrappers and the generated code). Under the agent a cancel
   * marks the transfer and stops its reporting, while the application's reads of the JDK's own
   * streams go on: making those throw is opt-in.
   */
  protected boolean cancelStopsTheReads() {
    return true;
  }

  @Test
  void endOfStream_completesAtTheEndWithTheFileSize() {
    check(LifecycleScenario.END_OF_STREAM);
  }

  @Test
  void closeEarly_completesOnCloseWithTheBytesRead() {
    check(LifecycleScenario.CLOSE_EARLY);
  }

  @Test
  void failure_failsWithTheMessage_closeChangesNothing() {
    check(LifecycleScenario.FAILURE);
  }

  @Test
  void interrupt_cancels() {
    check(LifecycleScenario.INTERRUPT);
  }

  @Test
  void failureInCall_failsWithTheMessage() {
    check(LifecycleScenario.CALL_FAILURE);
  }

  @Test
  void interruptInCall_cancels() {
    check(LifecycleScenario.CALL_INTERRUPT);
  }

  @Test
  void cancelFromAnotherThread_cancelsOnce() {
    check(LifecycleScenario.CANCEL_ELSEWHERE);
  }

  @Test
  void abandoned_cancelledWhenCollected() {
    check(LifecycleScenario.ABANDONED);
  }

  @Test
  void concurrent_everyTransferStartsOnceAndEndsOnce() {
    check(LifecycleScenario.CONCURRENT);
  }

  private void check(LifecycleScenario s) {
    String known = knownFailures().get(s);
    Assumptions.assumeTrue(
        known == null, () -> "a known failure of this door, run by its findings test: " + known);
    assertScenario(s);
  }

  /**
   * Asserts each of {@code scenarios}, each reported on its own: for a door's {@code @Disabled}
   * test of the scenarios it names in {@link #knownFailures()}.
   */
  protected final void assertScenarios(LifecycleScenario... scenarios) {
    Assertions.assertAll(Arrays.stream(scenarios).map(s -> () -> assertScenario(s)));
  }

  /** Asserts what the architecture expects of scenario {@code s}. */
  private void assertScenario(LifecycleScenario s) {
    Observation o = observed().get(s);
    assertThat(o).as("what %s showed", s).isNotNull();
    Map<Long, List<LifecycleEvent>> transfers = o.byTransfer();
    transfers.forEach(AbstractLifecycleTest::assertLifecycle);
    // every scenario reads: each event says the door's path and that its bytes come in
    assertThat(o.events())
        .as("the sources and directions of %s", s)
        .allSatisfy(e -> assertThat(e.source()).isIn(sources()))
        .allSatisfy(e -> assertThat(e.direction()).isEqualTo("read"));
    switch (s) {
      case END_OF_STREAM:
        assertThat(o.readerOutcome()).isEqualTo(LifecycleRunner.ENDED_AT_END_OF_STREAM);
        assertOne(o, Status.COMPLETED, FILE_SIZE);
        break;
      case CLOSE_EARLY:
        assertThat(o.readerOutcome()).isEqualTo(LifecycleRunner.CLOSED);
        assertOne(o, Status.COMPLETED, PART);
        break;
      case FAILURE:
      case CALL_FAILURE:
        {
          String message = "Unexpected end of ZLIB input stream";
          assertThat(o.readerOutcome()).isEqualTo(THREW + "java.io.EOFException: " + message);
          assertThat(assertOne(o, Status.FAILED, o.readerBytes()).error()).contains(message);
          break;
        }
      case INTERRUPT:
      case CALL_INTERRUPT:
        assertThat(o.readerOutcome())
            .startsWith(THREW + "java.nio.channels.ClosedByInterruptException");
        assertOne(o, Status.CANCELLED, PART);
        break;
      case CANCEL_ELSEWHERE:
        // counting stopped at the cancel, whatever the reader did next
        assertOne(o, Status.CANCELLED, PART);
        if (cancelStopsTheReads()) {
          assertThat(o.readerOutcome()).startsWith(THREW + "java.io.InterruptedIOException");
          assertThat(o.readerBytes()).isEqualTo(PART);
        } else {
          assertThat(o.readerOutcome()).isEqualTo(LifecycleRunner.READ_TO_END);
          assertThat(o.readerBytes()).isEqualTo(FILE_SIZE);
        }
        break;
      case ABANDONED:
        assertThat(o.readerOutcome()).isEqualTo(LifecycleRunner.DROPPED);
        assertThat(assertOne(o, Status.CANCELLED, PART).error()).contains("abandoned");
        break;
      case CONCURRENT:
        {
          assertThat(o.readerOutcome()).isEqualTo(LifecycleRunner.READ_TO_END);
          // counted, not listed: a list of 1,600 transfers would bury the message
          assertThat(transfers.size()).as("transfers").isEqualTo(THREADS * STREAMS_PER_THREAD);
          List<String> wrong =
              transfers.entrySet().stream()
                  .filter(
                      e ->
                          last(e.getValue()).status() != Status.COMPLETED
                              || last(e.getValue()).bytes() != SMALL_FILE_SIZE)
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .limit(10)
                  .collect(Collectors.toList());
          assertThat(wrong).as("transfers not completed with %d bytes", SMALL_FILE_SIZE).isEmpty();
          break;
        }
    }
  }

  /**
   * The scenario started exactly one transfer, which ended with {@code status} and {@code bytes};
   * returns its final event.
   */
  private static LifecycleEvent assertOne(Observation o, Status status, long bytes) {
    Map<Long, List<LifecycleEvent>> transfers = o.byTransfer();
    assertThat(transfers).as("the transfers, by id: %s", transfers).hasSize(1);
    LifecycleEvent end = last(transfers.values().iterator().next());
    assertThat(end.status()).as("the final event %s", end).isEqualTo(status);
    assertThat(end.bytes()).as("the bytes of the final event %s", end).isEqualTo(bytes);
    assertThat(o.readerBytes()).as("the bytes the reader got").isGreaterThanOrEqualTo(bytes);
    return end;
  }

  /** {@code starting} first, statuses forward only, exactly one final event and nothing after. */
  private static void assertLifecycle(long id, List<LifecycleEvent> events) {
    List<Status> statuses =
        events.stream().map(LifecycleEvent::status).collect(Collectors.toList());
    String as = "the lifecycle events of transfer " + id + ": " + events;
    assertThat(statuses).as(as).startsWith(Status.STARTING);
    assertThat(statuses).as(as).filteredOn(Status.STARTING::equals).hasSize(1);
    assertThat(statuses).as(as).filteredOn(Status::isFinal).hasSize(1);
    assertThat(statuses.get(statuses.size() - 1).isFinal()).as(as).isTrue();
    assertThat(statuses).as(as).isSorted();
  }

  private static LifecycleEvent last(List<LifecycleEvent> events) {
    return events.get(events.size() - 1);
  }
}
