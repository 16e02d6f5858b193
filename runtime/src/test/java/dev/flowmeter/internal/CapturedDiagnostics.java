// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What {@link Diagnostics} says during a test, from a clean slate (nothing said yet); {@link
 * #close()} gives standard error back and forgets what was said. Either a JUnit extension for every
 * test of a class ({@code @RegisterExtension final CapturedDiagnostics said = new
 * CapturedDiagnostics();}) or, with {@link #start()}, a resource for one block.
 */
public final class CapturedDiagnostics
    implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Captures nothing until a test begins (as an extension) or {@link #start()} is called. */
  public CapturedDiagnostics() {}

  /** Starts capturing now. */
  public static CapturedDiagnostics start() {
    CapturedDiagnostics captured = new CapturedDiagnostics();
    captured.begin();
    return captured;
  }

  private void begin() {
    bytes.reset();
    Diagnostics.reset();
    Diagnostics.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  /** The lines said so far. */
  public List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }

  @Override
  public void close() {
    Diagnostics.redirect(null);
    Diagnostics.reset();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    begin();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }
}
