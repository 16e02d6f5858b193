// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import com.google.auto.service.AutoService;
import dev.flowmeter.ConfigException;
import dev.flowmeter.Status;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code desktop} sink: a desktop notification when a transfer ends ({@code
 * -Dflowmeter.sinks=desktop}).
 *
 * <p>The notification says what ended and how: "Download finished" with the name, the size, the
 * time taken and the average speed; "Download failed" with the error, marked urgent. Only transfers
 * without a parent are notified (an operation or a file group once, not each stage or file), and
 * when more than three end in one moment they share one notification that names the first five and
 * counts the rest.
 *
 * <p>Options ({@code flowmeter.sink.desktop.<key>}, or {@code flowmeter.sink.<name>.<key>} for a
 * named instance):
 *
 * <ul>
 *   <li>{@code on}: which events are notified, a comma-separated list of {@code started}, {@code
 *       completed}, {@code failed}, {@code cancelled}, or {@code all}; default {@code
 *       completed,failed}. With {@code started}, a transfer's end replaces its start's notification
 *       where the notifier can (D-Bus).
 *   <li>{@code min-duration}: a completed transfer that took less is not notified (failures and
 *       cancellations always are); default {@code 0s}.
 *   <li>{@code timeout}: how long a notification stays on screen, {@code 0s} for until dismissed;
 *       default the desktop's own (D-Bus only).
 *   <li>{@code app-name}: the application named in the notification; default {@code Flowmeter}.
 *   <li>{@code notifier}: {@code auto} (default: {@code osascript} on macOS, {@code tray} on
 *       Windows, {@code dbus} elsewhere), {@code dbus}, {@code osascript} or {@code tray}.
 * </ul>
 *
 * <p>Where no notifier can be reached (no {@code DBUS_SESSION_BUS_ADDRESS} on a server, a headless
 * JVM), one line says so when the first transfer starts, and the sink stays silent; the same when
 * the session bus goes away later. A notification that fails is said once, and the next ones are
 * still tried. Nothing waits on the desktop longer than two seconds, and only the sink's own thread
 * waits. A bus that does not answer in that time is said once (naming it), and for a minute after
 * it notifications are counted rather than each waiting in turn; the count is said when one is
 * shown again, or at exit.
 */
@AutoService(SinkProvider.class)
public final class DesktopSinkProvider implements SinkProvider {
  private static final String[] WORDS = {"started", "completed", "failed", "cancelled", "all"};

  private final Function<String, @Nullable String> env;

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public DesktopSinkProvider() {
    this(System::getenv);
  }

  /** A provider reading environment variables through {@code env}, for tests. */
  DesktopSinkProvider(Function<String, @Nullable String> env) {
    this.env = env;
  }

  /** Returns {@code desktop}. */
  @Override
  public String name() {
    return "desktop";
  }

  /** Returns {@code desktop}: the sink takes no argument. */
  @Override
  public String usage() {
    return "desktop";
  }

  /** One minute: the sink shows no progress, only starts and ends, which are never delayed. */
  @Override
  public Duration defaultInterval() {
    return Duration.ofMinutes(1);
  }

  /**
   * {@code interval}, {@code on}, {@code min-duration}, {@code timeout}, {@code app-name}, {@code
   * notifier}.
   */
  @Override
  public Set<String> options() {
    return Set.of("interval", "on", "min-duration", "timeout", "app-name", "notifier");
  }

  @Override
  public ProgressSink create(SinkContext context) {
    if (context.argument().isPresent()) {
      String spec = context.name().equals(context.kind()) ? "desktop" : context.name() + "=desktop";
      throw new ConfigException(
          "flowmeter.sinks",
          spec + ":" + context.argument().get(),
          "takes no argument (accepted: desktop)");
    }
    Set<Status> on = on(context);
    Duration minDuration =
        context.durationOption("min-duration", Duration.ZERO, Duration.ZERO, Duration.ofDays(365));
    // unset, or unusable (said once): the desktop's own expiry, -1 in the Notify call
    Duration timeout =
        context.durationOption(
            "timeout",
            Duration.ofMillis(-1),
            Duration.ZERO,
            Duration.ofDays(1),
            "the desktop's default expiry");
    int expire = timeout.isNegative() ? -1 : (int) timeout.toMillis();
    String appName =
        NotificationText.plain(
            context.option("app-name", "Flowmeter"), NotificationText.MAX_OPERATION);
    if (appName.isBlank()) {
      appName = "Flowmeter";
    }
    String notifier = context.choiceOption("notifier", "auto", "auto", "dbus", "osascript", "tray");
    return new DesktopSink(context.name(), notifier(notifier, appName, expire), on, minDuration);
  }

  private Notifier notifier(String choice, String appName, int expireMillis) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String kind = choice.toLowerCase(Locale.ROOT);
    if (kind.equals("auto")) {
      kind = os.startsWith("mac") ? "osascript" : os.startsWith("windows") ? "tray" : "dbus";
    }
    switch (kind) {
      case "osascript":
        return new OsascriptNotifier(appName);
      case "tray":
        return new TrayNotifier(appName, expireMillis > 0 ? expireMillis : 10_000);
      default:
        return new DbusNotifier(appName, expireMillis, env);
    }
  }

  /** The {@code on} option: the statuses notified. */
  static Set<Status> on(SinkContext context) {
    String value = context.option("on", "completed,failed");
    Set<Status> on = EnumSet.noneOf(Status.class);
    for (String part : value.split(",", -1)) {
      switch (NotificationText.lower(part)) {
        case "started":
          on.add(Status.STARTING);
          break;
        case "completed":
          on.add(Status.COMPLETED);
          break;
        case "failed":
          on.add(Status.FAILED);
          break;
        case "cancelled":
          on.add(Status.CANCELLED);
          break;
        case "all":
          on.addAll(EnumSet.of(Status.STARTING, Status.COMPLETED, Status.FAILED, Status.CANCELLED));
          break;
        default:
          throw new ConfigException(
              context.key("on"),
              value,
              "is not a list of " + String.join(", ", WORDS) + " (comma-separated)");
      }
    }
    return on;
  }
}
