// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private D-Bus session bus: Debian's {@code dbus-daemon --session}, as {@code dbus-run-session}
 * starts it, on a socket file of its own, stopped by {@link #close()}.
 *
 * <p>Without {@code dbus-daemon} the test is skipped, or fails when {@code CI} is set ({@code
 * .ci/install-tools} installs the {@code dbus} package).
 */
final class SessionBus implements AutoCloseable {
  private static final Path DAEMON = Path.of("/usr/bin/dbus-daemon");

  private final Process process;
  private final String address;

  private SessionBus(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /** Starts a bus and returns once it accepts connections. */
  static SessionBus start() throws IOException {
    if (!Files.isExecutable(DAEMON)) {
      String reason = "dbus-daemon is not installed (.ci/install-tools installs dbus from Debian)";
      if (System.getenv("CI") != null) {
        fail(reason + ", and CI is set: the D-Bus tests must run");
      }
      Assumptions.abort(reason);
    }
    Process process =
        new ProcessBuilder(
                DAEMON.toString(), "--session", "--nofork", "--nopidfile", "--print-address=1")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String address = out.readLine(); // printed once the bus listens
    if (address == null || !address.startsWith("unix:")) {
      process.destroyForcibly();
      throw new IOException("dbus-daemon printed no address: " + address);
    }
    return new SessionBus(process, address.trim());
  }

  /** The bus's address, for {@code DBUS_SESSION_BUS_ADDRESS}. */
  String address() {
    return address;
  }

  /** Stops the bus: every connection to it is dropped. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
