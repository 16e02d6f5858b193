// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.util.Locale;

/** Number and unit parsing shared by the parsers; every method returns a sentinel, never throws. */
final class Numbers {
  static final long KIB = 1024L;

  private Numbers() {}

  /**
   * Parses a decimal such as {@code 4.50} or {@code 1,234,567} (commas as grouping); NaN if not.
   */
  static double decimal(String text) {
    String digits = text.replace(",", "");
    if (digits.isEmpty() || digits.length() > 40) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(digits);
    } catch (NumberFormatException e) {
      return Double.NaN; // not a number: the line states no progress
    }
  }

  /** Returns {@code value * unit} as bytes, or -1 when unknown, negative or out of range. */
  static long bytes(double value, double unit) {
    double bytes = value * unit;
    if (!Double.isFinite(bytes) || bytes < 0 || bytes >= Long.MAX_VALUE) {
      return -1;
    }
    return Math.round(bytes);
  }

  /**
   * The multiplier of a binary size suffix: {@code ""} or {@code B} is 1, {@code k K kB KB KiB} is
   * 1024, {@code M MB MiB} 1024², and so on to {@code P}; -1 for anything else.
   */
  static double binaryUnit(String suffix) {
    String s = suffix.toUpperCase(Locale.ROOT);
    if (s.endsWith("IB")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("B")) {
      s = s.substring(0, s.length() - 1);
    }
    switch (s) {
      case "":
        return 1;
      case "K":
        return KIB;
      case "M":
        return KIB * KIB;
      case "G":
        return KIB * KIB * KIB;
      case "T":
        return KIB * KIB * KIB * KIB;
      case "P":
        return KIB * KIB * KIB * KIB * KIB;
      default:
        return -1;
    }
  }

  /** Parses {@code 4.50M} or {@code 832k} or {@code 1234} as bytes in binary units; -1 if not. */
  static long binarySize(String number, String suffix) {
    double unit = binaryUnit(suffix);
    return unit < 0 ? -1 : bytes(decimal(number), unit);
  }

  /** A speed in bytes per second from {@code 1.20} and {@code MB/s}-style suffix; NaN if not. */
  static double binarySpeed(String number, String suffix) {
    double unit = binaryUnit(suffix);
    return unit < 0 ? Double.NaN : decimal(number) * unit;
  }
}
