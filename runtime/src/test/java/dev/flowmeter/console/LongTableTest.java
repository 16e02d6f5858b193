// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class LongTableTest {
  @Test
  void randomPutsAndRemoves_agreeWithAHashMap() {
    Random random = new Random(8);
    LongTable<String> table = new LongTable<>();
    Map<Long, String> expected = new HashMap<>();
    for (int op = 0; op < 200_000; op++) {
      // few distinct keys, many collisions: ids near each other and multiples of the table size
      long key = random.nextBoolean() ? random.nextInt(300) : 1024L * random.nextInt(40);
      if (random.nextInt(3) == 0) {
        table.remove(key);
        expected.remove(key);
      } else {
        table.put(key, "v" + op);
        expected.put(key, "v" + op);
      }
      long probe = random.nextInt(300);
      assertThat(table.get(probe)).isEqualTo(expected.get(probe));
      assertThat(table.size()).isEqualTo(expected.size());
    }
    Map<Long, String> seen = new HashMap<>();
    for (int slot = 0; slot < table.slots(); slot++) {
      String value = table.valueAt(slot);
      if (value != null) {
        seen.put(Long.parseLong(value.substring(1)), value);
      }
    }
    assertThat(seen.values()).containsExactlyInAnyOrderElementsOf(expected.values());
    for (Map.Entry<Long, String> e : expected.entrySet()) {
      assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
    }
  }

  @Test
  void tenThousandIds_putThenRemoved_leaveItEmpty() {
    LongTable<Long> table = new LongTable<>();
    for (long id = 1; id <= 10_000; id++) {
      table.put(id, id);
    }
    assertThat(table.size()).isEqualTo(10_000);
    assertThat(table.get(5_000)).isEqualTo(5_000L);
    assertThat(table.get(10_001)).isNull();
    for (long id = 1; id <= 10_000; id += 2) {
      table.remove(id);
    }
    assertThat(table.get(4_999)).isNull();
    assertThat(table.get(5_000)).isEqualTo(5_000L);
    for (long id = 2; id <= 10_000; id += 2) {
      table.remove(id);
    }
    assertThat(table.size()).isZero();
    table.remove(3); // absent: nothing
    assertThat(table.size()).isZero();
  }
}
