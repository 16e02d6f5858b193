// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.otel;

import dev.flowmeter.internal.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Flowmeter's one-line messages of each test, captured and forgotten after it. */
final class DiagnosticsCapture implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Override
  public void beforeEach(ExtensionContext context) {
    err.reset();
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  /** What was said so far in this test. */
  String said() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
