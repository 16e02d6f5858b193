// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * macOS: runs {@code osascript -e 'display notification ...'}, with no shell in between: the script
 * is one argument, and every text in it is an AppleScript string literal ({@link
 * NotificationText#appleScript}), so no name can end the literal or run a command.
 */
final class OsascriptNotifier implements Notifier {
  private final String appName;

  OsascriptNotifier(String appName) {
    this.appName = appName;
  }

  /** The command for {@code n}: {@code osascript}, {@code -e} and the script. */
  static List<String> command(String appName, Notification n) {
    String script =
        "display notification "
            + NotificationText.appleScript(String.join("\n", n.lines()))
            + " with title "
            + NotificationText.appleScript(appName)
            + " subtitle "
            + NotificationText.appleScript(n.summary());
    return List.of("osascript", "-e", script);
  }

  @Override
  public long show(Notification n, long replaces) throws IOException {
    Command.run(command(appName, n), Map.of());
    return 0;
  }
}
