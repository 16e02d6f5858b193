// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import java.util.HashMap;
import java.util.Map;

/** System properties a test sets, put back as they were by {@link #close()}. */
final class SystemProperties implements AutoCloseable {
  private final Map<String, String> before = new HashMap<>();

  SystemProperties set(String key, String value) {
    if (!before.containsKey(key)) {
      before.put(key, System.getProperty(key));
    }
    System.setProperty(key, value);
    return this;
  }

  @Override
  public void close() {
    before.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }
}
