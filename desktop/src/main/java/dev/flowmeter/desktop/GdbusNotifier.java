// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The session bus at an address the JVM cannot reach (an abstract Unix socket, {@code
 * unix:abstract=...}, which {@code dbus-launch} gives on Linux): calls {@code Notify} through
 * GLib's {@code gdbus call}, which speaks D-Bus itself.
 *
 * <p>No shell is involved: each argument is one GVariant literal, fully typed (so the call does not
 * depend on the server's introspection), its strings quoted with every character outside printable
 * ASCII written as {@code \\uXXXX}, so the platform's argument encoding cannot mangle a name and no
 * quote in it can end the literal. Each run is bounded in time ({@link Command}).
 */
final class GdbusNotifier implements Notifier {
  private static final Pattern ID = Pattern.compile("\\(uint32 (\\d+),\\)");

  private final String appName;
  private final int expireMillis;
  private final String address;
  private @Nullable String gdbus;
  private boolean markup = true;

  GdbusNotifier(String appName, int expireMillis, String address) {
    this.appName = appName;
    this.expireMillis = expireMillis;
    this.address = address;
  }

  @Override
  public void open() throws Unavailable {
    gdbus = onPath("gdbus");
    if (gdbus == null) {
      throw new Unavailable(
          "the session bus address '"
              + address
              + "' is an abstract socket, which the JVM cannot reach, and gdbus (GLib's D-Bus tool,"
              + " Debian's libglib2.0-bin) is not on the PATH to reach it");
    }
    try {
      markup =
          run(List.of("--method", "org.freedesktop.Notifications.GetCapabilities"))
              .contains("'body-markup'");
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("Error connecting")) { // gdbus's words
        throw new Unavailable(
            "cannot reach the session bus at " + address + ": " + e.getMessage(), e);
      }
      markup = true; // escaped text is shown as written at worst
    }
  }

  @Override
  public long show(Notification n, long replaces) throws IOException {
    String body = String.join("\n", n.lines());
    String output =
        run(
            arguments(
                appName, n, replaces, expireMillis, markup ? NotificationText.markup(body) : body));
    Matcher id = ID.matcher(output);
    return id.find() ? Long.parseLong(id.group(1)) : 0;
  }

  /** The arguments of {@code gdbus call} after the object path: the method and its values. */
  static List<String> arguments(
      String appName, Notification n, long replaces, int expireMillis, String body) {
    return List.of(
        "--method",
        "org.freedesktop.Notifications.Notify",
        variant(appName),
        "uint32 " + replaces,
        variant(DbusNotifier.icon(n)),
        variant(n.summary()),
        variant(body),
        "@as []",
        "@a{sv} {'urgency': <byte "
            + (n.isFailure() ? 2 : 1)
            + ">, 'category': <"
            + variant(DbusNotifier.category(n))
            + ">}",
        "int32 " + expireMillis);
  }

  /**
   * {@code text} as a GVariant string literal: single quotes, {@code \\} and {@code '} escaped, and
   * every character outside printable ASCII as {@code \\uXXXX} (or {@code \\UXXXXXXXX}).
   */
  static String variant(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8).append('\'');
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\\' || c == '\'') {
                out.append('\\').appendCodePoint(c);
              } else if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
              } else if (c <= 0xffff) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                out.append(String.format(Locale.ROOT, "\\U%08x", c));
              }
            });
    return out.append('\'').toString();
  }

  private String run(List<String> method) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(gdbus);
    command.addAll(
        List.of(
            "call",
            "--session",
            "--dest",
            Notifications.BUS_NAME,
            "--object-path",
            Notifications.OBJECT_PATH));
    command.addAll(method);
    try {
      return Command.run(command, Map.of("DBUS_SESSION_BUS_ADDRESS", address));
    } catch (NoAnswer e) {
      throw new NoAnswer(
          "the session bus at "
              + DbusNotifier.shown(address)
              + " did not answer: "
              + e.getMessage());
    }
  }

  /** The executable {@code name} in a directory of {@code PATH}, or {@code null}. */
  private static @Nullable String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return null;
  }
}
