// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
  private final @Nullable String abstractAddress;

  private SessionBus(Process process, String address, @Nullable String abstractAddress) {
    this.process = process;
    this.address = address;
    this.abstractAddress = abstractAddress;
  }

  /** Starts a bus and returns once it accepts connections. */
  static SessionBus start() throws IOException {
    require(DAEMON, "dbus-daemon", "dbus");
    return start(List.of("--session"), null);
  }

  /**
   * Starts a bus that listens on an abstract socket (as {@code dbus-launch} sets up on Linux),
   * {@link #abstractAddress()}, and on a socket file, {@link #address()}, for the test's own
   * service.
   */
  static SessionBus startWithAbstractSocket(Path dir) throws IOException {
    require(DAEMON, "dbus-daemon", "dbus");
    String name = "flowmeter-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    String abstractAddress = "unix:abstract=/tmp/" + name;
    Path config = dir.resolve("bus.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"",
            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">",
            "<busconfig>",
            "  <type>session</type>",
            "  <listen>" + abstractAddress + "</listen>",
            "  <listen>unix:path=" + dir.resolve("bus.sock") + "</listen>",
            "  <policy context=\"default\">",
            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>",
            "    <allow eavesdrop=\"true\"/>",
            "    <allow own=\"*\"/>",
            "  </policy>",
            "</busconfig>",
            ""),
        StandardCharsets.UTF_8);
    SessionBus bus = start(List.of("--config-file=" + config), abstractAddress);
    return new SessionBus(bus.process, "unix:path=" + dir.resolve("bus.sock"), abstractAddress);
  }

  /**
   * Aborts the test when {@code tool} is missing, or fails it when {@code CI} is set ({@code
   * .ci/install-tools} installs Debian's {@code debianPackage}).
   */
  static void require(Path tool, String name, String debianPackage) {
    if (!Files.isExecutable(tool)) {
      String reason =
          name + " is not installed (.ci/install-tools installs " + debianPackage + " from Debian)";
      if (System.getenv("CI") != null) {
        fail(reason + ", and CI is set: the D-Bus tests must run");
      }
      Assumptions.abort(reason);
    }
  }

  private static SessionBus start(List<String> options, @Nullable String abstractAddress)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(DAEMON.toString());
    command.addAll(options);
    command.addAll(List.of("--nofork", "--nopidfile", "--print-address=1"));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String address = out.readLine(); // printed once the bus listens
    if (address == null || !address.startsWith("unix:")) {
      process.destroyForcibly();
      throw new IOException("dbus-daemon printed no address: " + address);
    }
    return new SessionBus(process, address.trim(), abstractAddress);
  }

  /** The bus's abstract socket address, when it was started with one. */
  String abstractAddress() {
    if (abstractAddress == null) {
      throw new IllegalStateException("a bus without an abstract socket");
    }
    return abstractAddress;
  }

  /** The bus's address at a socket file, for {@code DBUS_SESSION_BUS_ADDRESS}. */
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
