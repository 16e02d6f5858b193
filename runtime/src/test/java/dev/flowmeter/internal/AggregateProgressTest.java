// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.Unit;
import dev.flowmeter.sink.EventJson;
import dev.flowmeter.sink.Percent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A parent's percentage is the weighted mean of its children's; work not counted in bytes reports
 * by position or by fraction, in a unit the caller names.
 */
final class AggregateProgressTest {
  private final ManualTime time = new ManualTime();
  private final Tracker tracker = time.tracker();

  @AfterEach
  void stop() {
    tracker.shutdown();
  }

  @Test
  void parent_isTheWeightedMeanOfItsChildren_storedInEveryEvent() {
    Transfer parent = tracker.builder().name("install").start();
    Transfer download = parent.child().name("download").weight(3).totalBytes(1000).start();
    Transfer configure = parent.child().name("configure").weight(1).pending();
    assertThat(parent.snapshot().percentage()).isEqualTo(0.0);

    download.advance(500); // half of weight 3, nothing of weight 1: 1.5 / 4
    assertThat(parent.snapshot().percentage()).isEqualTo(37.5);
    assertThat(parent.snapshot().fraction()).isEqualTo(0.375);
    // every sink prints the share the tracker stored, though the parent has no total of its own
    assertThat(Percent.oneDecimal(parent.snapshot())).isEqualTo("37.5");
    assertThat(EventJson.toJson(parent.snapshot())).contains("\"percentage\":37.5");

    download.complete(); // 3 / 4, the ended child kept with its last share
    assertThat(parent.snapshot().percentage()).isEqualTo(75.0);

    configure.fraction(0.5);
    assertThat(parent.snapshot().percentage()).isEqualTo(87.5);
    configure.complete();
    assertThat(parent.snapshot().percentage()).isEqualTo(100.0);
    parent.complete();
    assertThat(parent.snapshot().percentage()).isEqualTo(100.0);
  }

  @Test
  void parent_withARunningChildOfUnknownTotal_isUnknownNotGuessed() {
    Transfer parent = tracker.builder().name("group").start();
    parent.child().name("known").totalBytes(10).start().advance(5);
    Transfer unknown = parent.child().name("stream").start();
    unknown.advance(123);
    assertThat(parent.snapshot().percentage()).isEqualTo(-1.0);
    assertThat(parent.snapshot().eta()).isEmpty();
  }

  @Test
  void failedChild_keepsItsLastShare_neverCountsAsDone() {
    Transfer parent = tracker.builder().name("p").start();
    Transfer a = parent.child().name("a").totalBytes(100).start();
    Transfer b = parent.child().name("b").totalBytes(100).start();
    a.advance(40);
    a.fail("disk full");
    b.complete();
    assertThat(parent.snapshot().percentage()).isEqualTo(70.0);
  }

  @Test
  void fraction_setsThePercentage_andTheEtaComesFromItAndTheTime() {
    Transfer encode = tracker.builder().name("encode").start();
    time.advance(Duration.ofSeconds(10));
    encode.fraction(0.25);
    ProgressEvent e = encode.snapshot();
    assertThat(e.percentage()).isEqualTo(25.0);
    assertThat(e.eta()).contains(Duration.ofSeconds(30));
    encode.fraction(7); // clamped
    assertThat(encode.snapshot().percentage()).isEqualTo(100.0);
    assertThatThrownBy(() -> encode.fraction(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encode.fraction(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void progress_setsThePosition_andACustomUnitIsShownInItsWords() {
    Unit frames = Unit.of("frame", "frames");
    Transfer t = tracker.builder().name("video").unit(frames).totalBytes(2000).start();
    t.progress(500);
    t.progress(250); // a tool that restarted: the position is what it says
    ProgressEvent e = t.snapshot();
    assertThat(e.bytes()).isEqualTo(250);
    assertThat(e.unit()).isEqualTo(frames);
    assertThat(e.percentage()).isEqualTo(12.5);
    assertThat(Text.amount(1, frames)).isEqualTo("1 frame");
    assertThat(Text.amount(1250, frames)).isEqualTo("1,250 frames");
    assertThat(Unit.of("bytes")).isSameAs(Unit.BYTES);
    assertThatThrownBy(() -> Unit.of("fr\u001bames"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("letters, digits");
    t.complete();
    t.progress(9999); // ended: nothing changes
    assertThat(t.bytes()).isEqualTo(250);
  }

  @Test
  void weight_mustBePositiveAndFinite() {
    TransferBuilder b = tracker.builder();
    assertThatThrownBy(() -> b.weight(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.weight(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.weight(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    for (double extreme : new double[] {Double.MAX_VALUE, Double.MIN_VALUE, 1e6 * 1.01, 1e-7}) {
      assertThatThrownBy(() -> b.weight(extreme))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(extreme))
          .hasMessageContaining("1.0E-6 to 1000000.0");
    }
  }

  @Test
  void weight_extremesOfTheRange_keepTheMeanExact() {
    for (double w : new double[] {TransferBuilder.MIN_WEIGHT, TransferBuilder.MAX_WEIGHT}) {
      Transfer parent = tracker.builder().name("p").start();
      Transfer half = parent.child().weight(w).totalBytes(10).start();
      parent.child().weight(w).totalBytes(10).start();
      half.advance(5);
      assertThat(parent.snapshot().percentage()).as("weight %s", w).isEqualTo(25.0);
    }
    Transfer parent = tracker.builder().name("mixed").start();
    parent.child().weight(TransferBuilder.MAX_WEIGHT).totalBytes(10).start().advance(5);
    parent.child().weight(TransferBuilder.MIN_WEIGHT).totalBytes(10).start().advance(10);
    assertThat(parent.snapshot().percentage()).isCloseTo(50.0, within(1e-3));
  }
}
