// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where a scenario's bytes come from: a JDK stream over a file (so that the agent sees it as the
 * wrappers and the generated code do) and the total a caller would know for it.
 */
public interface LifecycleSource {
  /** Opens the raw stream, not counted by anything but the agent. */
  InputStream open() throws IOException;

  /** The total a caller knows before reading (a file's size), or -1 for unknown. */
  long total();
}
