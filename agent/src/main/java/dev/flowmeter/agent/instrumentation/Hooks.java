// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import java.util.ArrayList;
import java.util.List;

/** Joins lists of hooks. */
final class Hooks {
  private Hooks() {}

  @SafeVarargs
  static List<Hook> of(List<Hook>... lists) {
    List<Hook> all = new ArrayList<>();
    for (List<Hook> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }
}
