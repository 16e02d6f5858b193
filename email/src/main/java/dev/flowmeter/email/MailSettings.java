// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.sink.SinkContext;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code email} sink was configured with, read and checked once, when it is created.
 *
 * <p>The password is held here and nowhere else, and never printed: {@link #toString()} and every
 * message name the server and the user only.
 */
final class MailSettings {
  /** How STARTTLS is used on an {@code smtp://} server. */
  enum StartTls {
    /** The connection must be upgraded to TLS before anything is sent; the mail waits otherwise. */
    REQUIRED,
    /** Upgraded when the server offers it, else sent in clear. */
    OPTIONAL,
    /** Never upgraded. */
    OFF
  }

  static final String USAGE = "email:smtp://<host>[:<port>] or email:smtps://<host>[:<port>]";
  static final List<Integer> DEFAULT_MILESTONES = List.of(25, 50, 75);
  static final Set<Notice> DEFAULT_ON =
      EnumSet.of(Notice.MILESTONES, Notice.COMPLETE, Notice.ERROR, Notice.CANCEL);
  static final Duration DEFAULT_DIGEST = Duration.ofSeconds(10);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  final boolean smtps;
  final String host;
  final int port;
  final InternetAddress from;
  final List<InternetAddress> to;
  final StartTls startTls;
  final @Nullable String user;
  private final @Nullable String password;
  final Duration timeout;
  final List<Integer> milestones;
  final Set<Notice> on;
  final Duration digest;
  final boolean children;

  MailSettings(
      boolean smtps,
      String host,
      int port,
      InternetAddress from,
      List<InternetAddress> to,
      StartTls startTls,
      @Nullable String user,
      @Nullable String password,
      Duration timeout,
      List<Integer> milestones,
      Set<Notice> on,
      Duration digest,
      boolean children) {
    this.smtps = smtps;
    this.host = host;
    this.port = port;
    this.from = from;
    this.to = List.copyOf(to);
    this.startTls = startTls;
    this.user = user;
    this.password = password;
    this.timeout = timeout;
    this.milestones = List.copyOf(milestones);
    this.on = on.isEmpty() ? EnumSet.noneOf(Notice.class) : EnumSet.copyOf(on);
    this.digest = digest;
    this.children = children;
  }

  /** The password, for the login only. */
  @Nullable String password() {
    return password;
  }

  /** The server as the messages name it: {@code smtp://mail.example.com:587}. */
  String server() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return (smtps ? "smtps" : "smtp") + "://" + shown + ":" + port;
  }

  /** The server, and the user when there is one: {@code smtp://mail.example.com:587 as 'bob'}. */
  String serverAndUser() {
    return server() + (user == null ? "" : " as '" + user + "'");
  }

  @Override
  public String toString() {
    return "MailSettings{" + serverAndUser() + ", to=" + to + "}";
  }

  /**
   * Reads the sink's spec and options.
   *
   * @throws ConfigException naming the key, the value (never a password) and what is accepted
   */
  static MailSettings from(SinkContext context) {
    URI uri = serverUri(context);
    boolean smtps = "smtps".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : smtps ? 465 : 25;
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InternetAddress from = address(context, "from", required(context, "from")).get(0);
    List<InternetAddress> to = address(context, "to", required(context, "to"));
    if (context.option("password").isPresent()) {
      throw new ConfigException(
          context.key("password"),
          "***",
          "is not read: a password in a property shows on command lines and in process lists;"
              + " name an environment variable that holds it with password-env, or a file with"
              + " password-file");
    }
    String user = context.option("user").map(String::strip).filter(u -> !u.isEmpty()).orElse(null);
    if (user != null) {
      noControls(context, "user", user);
    }
    String password = password(context, user);
    String startTlsWord =
        context.choiceOption(
            "starttls", user != null ? "required" : "optional", "required", "optional", "off");
    StartTls startTls = StartTls.valueOf(startTlsWord.toUpperCase(Locale.ROOT));
    Duration timeout =
        context.durationOption(
            "timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10));
    List<Integer> milestones = milestones(context);
    Set<Notice> on = notices(context);
    Duration digest =
        context.durationOption("digest", DEFAULT_DIGEST, Duration.ZERO, Duration.ofHours(24));
    boolean children = context.booleanOption("children", false);
    return new MailSettings(
        smtps,
        host,
        port,
        from,
        to,
        startTls,
        user,
        password,
        timeout,
        milestones,
        on,
        digest,
        children);
  }

  private static URI serverUri(SinkContext context) {
    String argument = context.requireArgument(USAGE).strip();
    String spec = ConfigKeys.SINKS;
    String shown = context.name() + ":" + argument;
    URI uri;
    try {
      uri = new URI(argument);
    } catch (URISyntaxException e) {
      throw new ConfigException(spec, shown, "is not a server address (accepted: " + USAGE + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("smtp") || scheme.equalsIgnoreCase("smtps"))
        || uri.getHost() == null) {
      throw new ConfigException(spec, shown, "is not a server address (accepted: " + USAGE + ")");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ConfigException(
          spec,
          context.name() + ":" + scheme + "://***@" + uri.getHost(),
          "names a user in the address: put the user in "
              + context.key("user")
              + (uri.getRawUserInfo().contains(":")
                  ? ", and the password in the environment variable named by password-env or"
                      + " the file named by password-file (never on a command line)"
                  : ""));
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new ConfigException(
          spec, shown, "has a path or query, which SMTP has no use for (accepted: " + USAGE + ")");
    }
    return uri;
  }

  private static String required(SinkContext context, String key) {
    String value = context.option(key).map(String::strip).orElse("");
    if (value.isEmpty()) {
      throw new ConfigException(
          context.key(key),
          value,
          "is required by the email sink (an address, as bob@example.com)");
    }
    return value;
  }

  /** One address ({@code from}) or a comma-separated list ({@code to}), each checked strictly. */
  private static List<InternetAddress> address(SinkContext context, String key, String value) {
    noControls(context, key, value);
    List<InternetAddress> addresses = new ArrayList<>();
    try {
      for (InternetAddress a : InternetAddress.parse(value, true)) {
        a.validate();
        addresses.add(a);
      }
    } catch (AddressException e) {
      throw new ConfigException(
          context.key(key),
          value,
          "is not "
              + (key.equals("to") ? "a comma-separated list of addresses" : "an address")
              + " ("
              + e.getMessage()
              + "; accepted: bob@example.com, Bob <bob@example.com>)");
    }
    if (addresses.isEmpty() || (key.equals("from") && addresses.size() > 1)) {
      throw new ConfigException(
          context.key(key),
          value,
          key.equals("from")
              ? "must be one address (accepted: bob@example.com)"
              : "names no address (accepted: a comma-separated list, as a@example.com,b@example.com)");
    }
    return addresses;
  }

  /** A line break in an address or user would end the SMTP command or header it goes into. */
  private static void noControls(SinkContext context, String key, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new ConfigException(context.key(key), value, "must not hold control characters");
      }
    }
  }

  private static @Nullable String password(SinkContext context, @Nullable String user) {
    String env = context.option("password-env").map(String::strip).orElse(null);
    String file = context.option("password-file").map(String::strip).orElse(null);
    if (env != null && file != null) {
      throw new ConfigException(
          context.key("password-file"),
          file,
          "is set together with " + context.key("password-env") + ": name one source only");
    }
    String password;
    if (env != null) {
      password = System.getenv(env);
      if (password == null || password.isEmpty()) {
        throw new ConfigException(
            context.key("password-env"),
            env,
            "names an environment variable that is " + (password == null ? "not set" : "empty"));
      }
    } else if (file != null) {
      password = readPasswordFile(context, file);
    } else {
      password = null;
    }
    if (password != null && user == null) {
      throw new ConfigException(
          context.key(env != null ? "password-env" : "password-file"),
          env != null ? env : String.valueOf(file),
          "gives a password but " + context.key("user") + " is not set: set the user to log in");
    }
    if (user != null && password == null) {
      throw new ConfigException(
          context.key("user"),
          user,
          "needs a password: name an environment variable that holds it with password-env, or a"
              + " file with password-file");
    }
    return password;
  }

  private static String readPasswordFile(SinkContext context, String file) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          context.key("password-file"),
          file,
          "cannot be read (" + e.getClass().getSimpleName() + ")",
          e);
    }
    // the first line: an editor's trailing line break is not part of the password
    int end = text.indexOf('\n');
    String password = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
    if (password.isEmpty()) {
      throw new ConfigException(context.key("password-file"), file, "holds no password");
    }
    return password;
  }

  private static List<Integer> milestones(SinkContext context) {
    String value = context.option("milestones").map(String::strip).orElse(null);
    if (value == null) {
      return DEFAULT_MILESTONES;
    }
    if (value.isEmpty() || value.equalsIgnoreCase("none")) {
      return List.of();
    }
    TreeSet<Integer> milestones = new TreeSet<>();
    for (String part : value.split(",", -1)) {
      String p = part.strip();
      if (p.endsWith("%")) {
        p = p.substring(0, p.length() - 1).strip();
      }
      int percent;
      try {
        percent = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        percent = -1;
      }
      if (percent < 1 || percent > 99) {
        throw new ConfigException(
            context.key("milestones"),
            value,
            "is not a list of percentages from 1 to 99 (accepted: 25,50,75 or 10,90 or none; 100 %"
                + " is the completion mail)");
      }
      milestones.add(percent);
    }
    return new ArrayList<>(milestones);
  }

  private static Set<Notice> notices(SinkContext context) {
    String value = context.option("on").map(String::strip).orElse(null);
    if (value == null) {
      return DEFAULT_ON;
    }
    Set<Notice> on = EnumSet.noneOf(Notice.class);
    Function<String, @Nullable Notice> parse =
        word -> {
          for (Notice n : Notice.values()) {
            if (n.word().equalsIgnoreCase(word)) {
              return n;
            }
          }
          return null;
        };
    for (String part : value.split(",", -1)) {
      String word = part.strip();
      if (word.equalsIgnoreCase("all")) {
        on.addAll(EnumSet.allOf(Notice.class));
        continue;
      }
      Notice notice = parse.apply(word);
      if (notice == null) {
        throw new ConfigException(
            context.key("on"),
            value,
            "is not a list of start, milestones, complete, error, cancel (or all)");
      }
      on.add(notice);
    }
    return on;
  }
}
