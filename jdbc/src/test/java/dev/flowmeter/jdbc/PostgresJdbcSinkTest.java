// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The suite on a real PostgreSQL server of its own, started for this class and stopped after;
 * unreachable means the server is stopped (and started again, on the same data).
 */
final class PostgresJdbcSinkTest extends AbstractJdbcSinkTest {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  String newDatabase() throws Exception {
    return server.newDatabase();
  }

  @Override
  void makeUnavailable() throws Exception {
    server.stop();
  }

  @Override
  void makeAvailable() throws Exception {
    server.startAgain();
  }
}
