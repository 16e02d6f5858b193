// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Real SMTP servers for the tests: GreenMail on 127.0.0.1, plain or with TLS from the first byte
 * (smtps), with a certificate made here for {@code 127.0.0.1} and {@code localhost}, so that the
 * sink's host name check passes as it would against a real server with a real certificate.
 */
final class MailServers {
  static final String STORE_PASSWORD = "changeit";
  private static final Path KEYSTORE = keystore();

  private MailServers() {}

  /** A plain SMTP server on a free port, with {@code users} as {@code login:password:address}. */
  static GreenMail smtp(String... users) {
    return start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), users);
  }

  /** A plain SMTP server on {@code port}. */
  static GreenMail smtpOn(int port, String... users) {
    return start(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), users);
  }

  /** An SMTPS server on a free port. */
  static GreenMail smtps(String... users) {
    return start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS), users);
  }

  private static GreenMail start(ServerSetup setup, String... users) {
    setup.setServerStartupTimeout(60_000); // a busy machine: starting is not what is tested
    GreenMailConfiguration config = GreenMailConfiguration.aConfig();
    for (String user : users) {
      String[] parts = user.split(":", 3);
      config = config.withUser(parts[2], parts[0], parts[1]);
    }
    GreenMail mail = new GreenMail(setup).withConfiguration(config);
    mail.start();
    return mail;
  }

  /** The port {@code server} listens on. */
  static int port(GreenMail server) {
    return server.getSmtp() != null ? server.getSmtp().getPort() : server.getSmtps().getPort();
  }

  /** A port nothing listens on (now). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** TLS sockets that trust the test servers' certificate (and nothing else). */
  static SSLSocketFactory trusting() {
    try {
      KeyStore store = store();
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server's side of TLS: the test certificate and its key. */
  static SSLContext serverTls() {
    try {
      KeyStore store = store();
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore store() throws Exception {
    try (InputStream in = Files.newInputStream(KEYSTORE)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, STORE_PASSWORD.toCharArray());
      return store;
    }
  }

  /** Makes the certificate with the JDK's keytool and tells GreenMail to serve it. */
  private static Path keystore() {
    try {
      Path dir = Files.createTempDirectory("flowmeter-email-tls");
      Path store = dir.resolve("server.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p =
          new ProcessBuilder(
                  List.of(
                      keytool.toString(),
                      "-genkeypair",
                      "-alias",
                      "greenmail",
                      "-keyalg",
                      "RSA",
                      "-keysize",
                      "2048",
                      "-validity",
                      "2",
                      "-dname",
                      "CN=localhost",
                      "-ext",
                      "SAN=ip:127.0.0.1,dns:localhost",
                      "-storetype",
                      "PKCS12",
                      "-keystore",
                      store.toString(),
                      "-storepass",
                      STORE_PASSWORD,
                      "-keypass",
                      STORE_PASSWORD))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("keytool.txt").toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool failed: " + Files.readString(dir.resolve("keytool.txt")));
      }
      System.setProperty("greenmail.tls.keystore.file", store.toString());
      System.setProperty("greenmail.tls.keystore.password", STORE_PASSWORD);
      System.setProperty("greenmail.tls.key.password", STORE_PASSWORD);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
