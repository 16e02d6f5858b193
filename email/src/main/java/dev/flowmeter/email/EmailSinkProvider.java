// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import com.google.auto.service.AutoService;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@code email:<smtp-url>} sink: mails about transfers, sent through SMTP.
 *
 * <p>The argument is the server: {@code smtp://host[:port]} (port 25 by default; STARTTLS as {@code
 * starttls} says) or {@code smtps://host[:port]} (TLS from the first byte, port 465 by default).
 * Options, under {@code flowmeter.sink.email.} (or the instance's own name):
 *
 * <ul>
 *   <li>{@code from} (required): the sender's address;
 *   <li>{@code to} (required): the recipients, comma-separated;
 *   <li>{@code user}: the login; its password comes from the environment variable named by {@code
 *       password-env}, or from the first line of the file named by {@code password-file}; a {@code
 *       password} option is refused, since properties show on command lines and in process lists;
 *   <li>{@code starttls}: {@code required} (the default with a user: a password never goes in
 *       clear), {@code optional} (the default without one) or {@code off};
 *   <li>{@code on}: which mails, of {@code start}, {@code milestones}, {@code complete}, {@code
 *       error}, {@code cancel} (or {@code all}); all but {@code start} by default;
 *   <li>{@code milestones}: percentages from 1 to 99, {@code 25,50,75} by default ({@code none} for
 *       none);
 *   <li>{@code digest}: how long the first mail after a quiet spell waits for others to go with it
 *       in one digest mail, 10 s by default ({@code 0}: each mail alone, at once);
 *   <li>{@code children}: whether the stages of an operation and the files of a group get mails of
 *       their own ({@code false} by default: their parent's tell their progress);
 *   <li>{@code timeout}: for connecting to the server and each of its answers, 20 s by default.
 * </ul>
 *
 * <p>The sink never delays a transfer: mails wait in a bounded queue for one daemon thread, which
 * retries a server that cannot be reached with a growing delay (1 s up to 1 min), stops for 10
 * minutes after a refused login, and says each trouble once on standard error, naming the server
 * and the user, never the password. At exit, what waits is sent within 5 s.
 */
@AutoService(SinkProvider.class)
public final class EmailSinkProvider implements SinkProvider {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  static final Duration PAUSE = Duration.ofMinutes(10);

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public EmailSinkProvider() {}

  /** Returns {@code email}. */
  @Override
  public String name() {
    return "email";
  }

  /** Returns {@code email:smtp://<host>[:<port>] or email:smtps://<host>[:<port>]}. */
  @Override
  public String usage() {
    return MailSettings.USAGE;
  }

  /** One second: milestones are checked on progress that often, at most, per transfer. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /** The options this sink reads ({@code password} only to refuse it). */
  @Override
  public Set<String> options() {
    return Set.of(
        "interval",
        "from",
        "to",
        "user",
        "password",
        "password-env",
        "password-file",
        "starttls",
        "on",
        "milestones",
        "digest",
        "children",
        "timeout");
  }

  /**
   * Reads the settings and starts the sender thread; nothing is sent, and the server not contacted,
   * until the first mail.
   *
   * @throws dev.flowmeter.ConfigException when the server address, an address, the login or an
   *     option is missing or malformed
   */
  @Override
  public ProgressSink create(SinkContext context) {
    return create(context, null, FIRST_BACKOFF, MAX_BACKOFF, PAUSE);
  }

  /** As {@link #create(SinkContext)}, with a TLS socket factory and delays of the caller's. */
  static EmailSink create(
      SinkContext context,
      @Nullable SSLSocketFactory sockets,
      Duration firstBackoff,
      Duration maxBackoff,
      Duration pause) {
    MailSettings settings = MailSettings.from(context);
    Outbox outbox =
        new Outbox(
            context.name(),
            settings.server(),
            new SmtpTransport(settings, sockets),
            settings.digest,
            firstBackoff,
            maxBackoff,
            pause);
    outbox.start();
    return new EmailSink(
        new MailPlanner(settings.milestones, settings.on, settings.children), outbox);
  }
}
