// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import java.io.IOException;
import java.io.InputStream;

/** What a scenario does with the stream a door hands it; returns the bytes it read. */
@FunctionalInterface
public interface LifecycleReader {
  long read(InputStream in) throws IOException;
}
