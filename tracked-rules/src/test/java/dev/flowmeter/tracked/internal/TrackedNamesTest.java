// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class TrackedNamesTest {
  @Test
  void companion_flatNameWithSuffix() {
    assertThat(TrackedNames.companion(List.of("Foo"))).isEqualTo("Foo_Tracked");
    assertThat(TrackedNames.companion(List.of("Outer", "Inner"))).isEqualTo("Outer_Inner_Tracked");
    // a '$' in a simple name is kept: only nesting becomes '_'
    assertThat(TrackedNames.companion(List.of("Foo$Bar"))).isEqualTo("Foo$Bar_Tracked");
  }

  @Test
  void label_typeNamesAndMethodWithDots() {
    assertThat(TrackedNames.label(List.of("Outer", "Inner"), "send")).isEqualTo("Outer.Inner.send");
  }
}
