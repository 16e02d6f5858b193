// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scoped attributes: on every transfer a thread starts, nested, inherited, handed to executors. */
final class ScopeTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  private Transfer start(String name) {
    return tracker.builder().name(name).start();
  }

  @Test
  void withAttributes_putsThemOnEveryTransferTheThreadStarts_thenRestores() throws Exception {
    Transfer[] inside = new Transfer[2];
    Flowmeter.withAttributes(
        Map.of("user", "u1"),
        () -> {
          inside[0] = start("a");
          Flowmeter.withAttributes(Map.of("tenant", "acme"), () -> inside[1] = start("b"));
        });
    Transfer after = start("c");

    assertThat(inside[0].attributes()).containsExactly(Map.entry("user", "u1"));
    assertThat(inside[1].attributes())
        .containsOnly(Map.entry("user", "u1"), Map.entry("tenant", "acme"));
    assertThat(after.attributes()).isEmpty();
    assertThat(inside[0].snapshot().attributes()).containsEntry("user", "u1");
  }

  @Test
  void withAttributes_callable_returnsAndRestoresOnThrow() throws Exception {
    String result =
        Flowmeter.callWithAttributes(Map.of("k", "v"), () -> start("x").attributes().get("k"));
    assertThat(result).isEqualTo("v");
    try {
      Flowmeter.callWithAttributes(
          Map.of("k", "v"),
          () -> {
            throw new IllegalStateException("task failed");
          });
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessage("task failed");
    }
    assertThat(start("y").attributes()).isEmpty();
  }

  @Test
  void children_inheritTheirParentsAttributes_ownWin() {
    Transfer parent =
        tracker.builder().name("p").attribute("user", "u1").attribute("k", "p").start();
    Transfer child = parent.child().name("c").attribute("k", "c").start();
    assertThat(child.attributes()).containsOnly(Map.entry("user", "u1"), Map.entry("k", "c"));
  }

  @Test
  void wrappedExecutor_runsTasksInTheSubmittersScope() throws Exception {
    ExecutorService pool = Flowmeter.wrap(Executors.newFixedThreadPool(2));
    try {
      Future<Transfer> scoped =
          Flowmeter.callWithAttributes(
              Map.of("user", "u2"), () -> pool.submit(() -> start("on a worker")));
      Future<Transfer> plain = pool.submit(() -> start("no scope"));
      assertThat(scoped.get().attributes()).containsExactly(Map.entry("user", "u2"));
      assertThat(plain.get().attributes()).isEmpty();
      java.util.concurrent.Executor executor = Flowmeter.wrap((java.util.concurrent.Executor) pool);
      java.util.concurrent.CompletableFuture<Transfer> async =
          Flowmeter.callWithAttributes(
              Map.of("user", "u3"),
              () ->
                  java.util.concurrent.CompletableFuture.supplyAsync(
                      () -> start("async"), executor));
      assertThat(async.get().attributes()).containsExactly(Map.entry("user", "u3"));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Hostile-user findings: a null map named an internal variable; wrapping twice wrapped twice. */
  @Test
  void nullAttributes_namedInTheMessage_andWrappingTwiceIsOnce() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Flowmeter.withAttributes(null, () -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("attributes");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ExecutorService once = Flowmeter.wrap(pool);
      assertThat(Flowmeter.wrap(once)).isSameAs(once);
      java.util.concurrent.Executor plain = Flowmeter.wrap((java.util.concurrent.Executor) pool);
      assertThat(Flowmeter.wrap(plain)).isSameAs(plain);
    } finally {
      pool.shutdownNow();
    }
  }
}
