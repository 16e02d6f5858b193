// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import dev.flowmeter.email.MailSettings.StartTls;
import dev.flowmeter.internal.Diagnostics;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;

/**
 * Sends mails through Jakarta Mail (Eclipse Angus): one connection per mail (mails are rare, and a
 * connection kept open would be closed by the server between them), STARTTLS as configured, the
 * server's certificate and host name checked.
 */
final class SmtpTransport implements MailTransport {
  private final MailSettings settings;
  private final @Nullable SSLSocketFactory sockets;
  private final String protocol;

  /** Made at the first mail, on the sender thread, whose context class loader finds Angus. */
  private @Nullable Session session;

  /** The most of a server's answer quoted in a message: a hostile one may send megabytes. */
  static final int MAX_SAID = 200;

  /**
   * A transport for {@code settings}; {@code sockets} replaces the JVM's TLS socket factory (for a
   * test server's own certificate), {@code null} keeps it.
   */
  SmtpTransport(MailSettings settings, @Nullable SSLSocketFactory sockets) {
    this.settings = settings;
    this.sockets = sockets;
    this.protocol = settings.smtps ? "smtps" : "smtp";
  }

  private static Properties properties(
      MailSettings settings, String protocol, @Nullable SSLSocketFactory sockets) {
    Properties p = new Properties();
    String prefix = "mail." + protocol + ".";
    String millis = Long.toString(settings.timeout.toMillis());
    p.setProperty("mail.transport.protocol", protocol);
    p.setProperty(prefix + "host", settings.host);
    p.setProperty(prefix + "port", Integer.toString(settings.port));
    p.setProperty(prefix + "connectiontimeout", millis);
    p.setProperty(prefix + "timeout", millis);
    p.setProperty(prefix + "writetimeout", millis);
    p.setProperty(prefix + "auth", Boolean.toString(settings.user != null));
    p.setProperty(prefix + "ssl.checkserveridentity", "true");
    if (!settings.smtps) {
      p.setProperty(
          prefix + "starttls.enable", Boolean.toString(settings.startTls != StartTls.OFF));
      p.setProperty(
          prefix + "starttls.required", Boolean.toString(settings.startTls == StartTls.REQUIRED));
    }
    // every connection reads at most MAX_READ bytes: a reply line without end cannot fill the heap
    // (STARTTLS layers on the plain socket, so its TLS is bounded too)
    p.setProperty(prefix + "socketFactory.fallback", "false");
    if (settings.smtps) {
      p.put(prefix + "ssl.socketFactory", BoundedSockets.tls(sockets, BoundedSockets.MAX_READ));
    } else {
      p.put(prefix + "socketFactory", BoundedSockets.plain(BoundedSockets.MAX_READ));
      if (sockets != null) {
        p.put(prefix + "ssl.socketFactory", sockets);
      }
    }
    return p;
  }

  @Override
  public void send(Mail mail) throws SendFailure {
    try {
      Session session = this.session;
      if (session == null) {
        session = Session.getInstance(properties(settings, protocol, sockets));
        this.session = session;
      }
      MimeMessage message = new MimeMessage(session);
      message.setFrom(settings.from);
      message.setRecipients(Message.RecipientType.TO, settings.to.toArray(new InternetAddress[0]));
      message.setSubject(mail.subject(), "UTF-8");
      message.setText(mail.body(), "UTF-8");
      message.setSentDate(new Date());
      // RFC 3834: an automatic message, so that vacation responders do not answer it
      message.setHeader("Auto-Submitted", "auto-generated");
      try (Transport transport = session.getTransport(protocol)) {
        transport.connect(settings.host, settings.port, settings.user, settings.password());
        transport.sendMessage(message, message.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw classify(e);
    } catch (RuntimeException e) {
      throw new SendFailure(
          SendFailure.Kind.PAUSE,
          "cannot send to " + settings.server() + " (" + quoted(Diagnostics.describe(e)) + ")",
          e);
    }
  }

  private SendFailure classify(MessagingException e) {
    String server = settings.serverAndUser();
    if (e instanceof AuthenticationFailedException) {
      return new SendFailure(
          SendFailure.Kind.PAUSE,
          server + " refused the login (" + reply(e) + "): check the user and the password",
          e);
    }
    if (e instanceof MailConnectException) {
      return new SendFailure(
          SendFailure.Kind.RETRY, "cannot reach " + settings.server() + " (" + root(e) + ")", e);
    }
    if (e instanceof SMTPSendFailedException) {
      int code = ((SMTPSendFailedException) e).getReturnCode();
      boolean later = code >= 400 && code < 500;
      return new SendFailure(
          later ? SendFailure.Kind.RETRY : SendFailure.Kind.DROP,
          settings.server()
              + " "
              + (later ? "deferred" : "rejected")
              + " a mail ("
              + reply(e)
              + ")",
          e);
    }
    if (e instanceof SendFailedException) {
      return new SendFailure(
          SendFailure.Kind.DROP,
          settings.server() + " rejected a mail's recipients (" + reply(e) + ")",
          e);
    }
    BoundedSockets.TooMuch endless = causeOf(e, BoundedSockets.TooMuch.class);
    if (endless != null) {
      // not a mail server, or a broken one: retrying would read as much again
      return new SendFailure(
          SendFailure.Kind.PAUSE,
          settings.server()
              + " sent a reply too long (more than "
              + BoundedSockets.words(BoundedSockets.MAX_READ)
              + " without its end): is it a mail server?",
          e);
    }
    SSLException tls = causeOf(e, SSLException.class);
    if (tls != null) {
      return new SendFailure(
          SendFailure.Kind.PAUSE,
          "TLS with " + settings.server() + " failed (" + quoted(Diagnostics.describe(tls)) + ")",
          e);
    }
    Throwable cause = rootCause(e);
    if (cause instanceof IOException) {
      return new SendFailure(
          SendFailure.Kind.RETRY, "lost " + settings.server() + " (" + root(e) + ")", e);
    }
    // STARTTLS required but not offered, an unsupported login mechanism, ...: the set-up's fault
    return new SendFailure(
        SendFailure.Kind.PAUSE, "cannot send to " + server + " (" + reply(e) + ")", e);
  }

  private static String reply(MessagingException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : quoted(message);
  }

  private static String root(Throwable e) {
    return quoted(Diagnostics.describe(rootCause(e)));
  }

  /**
   * What the server (or anyone listening on its port) said, fit for the sink's one line: its
   * control characters (line breaks, escape sequences) as {@code ?}, cut to {@link #MAX_SAID}.
   */
  private static String quoted(String said) {
    return MailText.safe(said.strip(), MAX_SAID);
  }

  private static <T extends Throwable> @Nullable T causeOf(Throwable e, Class<T> type) {
    Throwable t = e;
    for (int i = 0; i < 20 && t != null; i++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    for (int i = 0; i < 20 && t.getCause() != null && t.getCause() != t; i++) {
      t = t.getCause();
    }
    return t;
  }
}
