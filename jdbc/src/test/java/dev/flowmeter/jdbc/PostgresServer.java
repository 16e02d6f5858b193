// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A private PostgreSQL server for the tests: {@code initdb} into a temporary folder, {@code pg_ctl
 * start} on 127.0.0.1 and a free port, {@code pg_ctl stop} after; it can be stopped and started
 * again in the middle of a test. Run as the {@code postgres} user when the tests run as root, which
 * PostgreSQL refuses.
 *
 * <p>Without PostgreSQL's binaries (under {@code /usr/lib/postgresql/<version>/bin}, or on the
 * {@code PATH}) the test is skipped, unless {@code CI} is set: then it fails, so that CI never
 * passes without having run it ({@code .ci/install-tools} installs Debian's {@code postgresql}).
 */
final class PostgresServer implements AutoCloseable {
  private static final String USER = "flowmeter";

  private final Path bin;
  private final Path data;
  private final int port;
  private final boolean asPostgres;
  private int databases;

  private PostgresServer(Path bin, Path data, int port, boolean asPostgres) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Makes and starts a server; skips (fails under CI) when PostgreSQL is not installed. */
  static PostgresServer start() throws Exception {
    Path bin = binaries();
    if (bin == null) {
      String message = "PostgreSQL is not installed (apt-get install postgresql)";
      if (System.getenv("CI") != null) {
        fail(message + "; CI needs it: run .ci/install-tools");
      }
      assumeTrue(false, message);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("flowmeter-pg");
    Path data = dir.resolve("data");
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), false);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PostgresServer server = new PostgresServer(bin, data, port, root);
    server.pg(
        "initdb", "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync");
    server.startAgain();
    return server;
  }

  /** Starts the server (again), and waits until it takes connections. */
  void startAgain() throws Exception {
    pg(
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        data.resolveSibling("server.log").toString(),
        "-w",
        "-o",
        "-h 127.0.0.1 -p " + port + " -k " + data.getParent() + " -c fsync=off",
        "start");
  }

  /** Stops the server, at once (open connections are cut). */
  void stop() throws Exception {
    pg("pg_ctl", "-D", data.toString(), "-w", "-m", "immediate", "stop");
  }

  /** A new, empty database's JDBC URL. */
  String newDatabase() throws SQLException {
    String name = "t" + (++databases);
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } finally {
      try (Stream<Path> files = Files.walk(data.getParent())) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void pg(String program, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    run(command, asPostgres);
  }

  private static void run(List<String> command, boolean asPostgres) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path log = Files.createTempFile("flowmeter-pg", ".log");
    try {
      Process process =
          new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("did not end in 60 s: " + full);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "failed ("
                + process.exitValue()
                + "): "
                + full
                + "\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static @Nullable Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Path newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparing(b -> version(b.getParent().getFileName().toString())))
                .orElse(null);
        if (newest != null) {
          return newest;
        }
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        return Path.of(dir);
      }
    }
    return null;
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
