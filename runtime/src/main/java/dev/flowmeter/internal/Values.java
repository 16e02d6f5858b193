// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses configuration values, throwing a {@link ConfigException} that names the key, the value and
 * what would be accepted.
 *
 * <p>Not for public use.
 */
public final class Values {
  private Values() {}

  /**
   * A duration: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 24h}, {@code 7d}, or a
   * plain number of milliseconds. Negative durations are refused.
   */
  public static Duration duration(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      String number;
      double unitNanos;
      if (v.endsWith("ms")) {
        number = v.substring(0, v.length() - 2);
        unitNanos = 1e6;
      } else if (v.endsWith("s")) {
        number = v.substring(0, v.length() - 1);
        unitNanos = 1e9;
      } else if (v.endsWith("m")) {
        number = v.substring(0, v.length() - 1);
        unitNanos = 60e9;
      } else if (v.endsWith("h")) {
        number = v.substring(0, v.length() - 1);
        unitNanos = 3600e9;
      } else if (v.endsWith("d")) {
        number = v.substring(0, v.length() - 1);
        unitNanos = 86400e9;
      } else {
        number = v;
        unitNanos = 1e6;
      }
      double amount = number(number.trim());
      if (!(amount >= 0) || Double.isInfinite(amount) || amount * unitNanos > Long.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return Duration.ofNanos((long) (amount * unitNanos));
    } catch (NumberFormatException e) {
      throw new ConfigException(
          key,
          value,
          "is not a duration (accepted: 250ms, 2s, 5m, 24h, 7d, or a number of milliseconds)");
    }
  }

  /**
   * A duration from {@code min} to {@code max}, both included; see {@link #duration(String,
   * String)} for the forms accepted.
   */
  public static Duration duration(String key, String value, Duration min, Duration max) {
    Duration d = duration(key, value);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ConfigException(
          key, value, "is not a duration from " + format(min) + " to " + format(max));
    }
    return d;
  }

  /** {@code d} as written in a configuration: {@code 1ms}, {@code 2s}, {@code 24h}, {@code 7d}. */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (d.isZero()) {
      return "0";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis != 0 && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }

  /**
   * A boolean: {@code true} or {@code false}, in any case, trimmed. Nothing else: a {@code yes} or
   * a {@code 1} is as likely to be a slip as a choice, and every boolean key reads the same two
   * words.
   */
  public static boolean bool(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new ConfigException(key, value, "is not a boolean (accepted: true, false)");
    }
  }

  /** A decimal number between {@code min} and {@code max}, both included. */
  public static double decimal(String key, String value, double min, double max) {
    try {
      double d = number(value.trim());
      if (d >= min && d <= max) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        key, value, "is not a number from " + plain(min) + " to " + plain(max));
  }

  /** A whole number between {@code min} and {@code max}, both included. */
  public static long integer(String key, String value, long min, long max) {
    try {
      long n = Long.parseLong(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key, value, "is not a whole number from " + min + " to " + max);
  }

  /**
   * A size in bytes: a plain number, or a number with {@code KiB}, {@code MiB}, {@code GiB} (powers
   * of 1024) or {@code KB}, {@code MB}, {@code GB} (powers of 1000).
   */
  public static long bytes(String key, String value) {
    String v = value.trim();
    String[] suffixes = {"KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB", "B"};
    double[] factors = {1L << 10, 1L << 20, 1L << 30, 1L << 40, 1e3, 1e6, 1e9, 1e12, 1};
    double factor = 1;
    for (int i = 0; i < suffixes.length; i++) {
      if (v.regionMatches(
              true, v.length() - suffixes[i].length(), suffixes[i], 0, suffixes[i].length())
          && v.length() > suffixes[i].length()) {
        factor = factors[i];
        v = v.substring(0, v.length() - suffixes[i].length()).trim();
        break;
      }
    }
    try {
      double amount = number(v);
      if (amount >= 0 && amount * factor <= Long.MAX_VALUE) {
        return (long) (amount * factor);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        key, value, "is not a size (accepted: 1048576, 512KiB, 1MiB, 2GiB, 10MB)");
  }

  /**
   * A plain decimal number ({@code 12}, {@code 0.5}, {@code -3}): what {@link Double#parseDouble}
   * would also take ({@code 1.5f}, {@code 0x1p3}, {@code 1e3}, {@code NaN}) is refused, so no value
   * means something other than what it seems to say.
   */
  private static double number(String s) {
    if (!PLAIN_NUMBER.matcher(s).matches()) {
      throw new NumberFormatException(s);
    }
    return Double.parseDouble(s);
  }

  private static final Pattern PLAIN_NUMBER = Pattern.compile("-?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)");

  /** An element of {@code accepted}, compared without regard to case. */
  public static String oneOf(String key, String value, String... accepted) {
    for (String a : accepted) {
      if (a.equalsIgnoreCase(value.trim())) {
        return a;
      }
    }
    throw new ConfigException(
        key, value, "is not accepted (accepted: " + String.join(", ", accepted) + ")");
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
