// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import dev.flowmeter.internal.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lines Flowmeter says to the user during a test ({@link Diagnostics}), each said-once key
 * forgotten before the test: {@code @RegisterExtension final DiagnosticLines said = new
 * DiagnosticLines();}.
 */
final class DiagnosticLines implements BeforeEachCallback, AfterEachCallback {
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

  /** The lines said so far. */
  List<String> lines() {
    String s = err.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : List.of(s.split("\\R"));
  }
}
