// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Unit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Text shared by the sinks: names made safe for a terminal or a line-based log, and numbers in
 * human units. Formatting uses {@link Locale#ROOT}, so output never depends on the user's locale.
 *
 * <p>Not for public use.
 */
public final class Text {
  private Text() {}

  /**
   * The longest name (or operation word) a transfer keeps, in {@code char}s: whichever path named
   * it, a longer one is cut, so one odd argument cannot flood a sink.
   */
  public static final int MAX_NAME_LENGTH = 1000;

  /** {@code name}, or its first {@link #MAX_NAME_LENGTH} - 1 characters and {@code …}. */
  public static String boundedName(CharSequence name) {
    if (name.length() <= MAX_NAME_LENGTH) {
      return name.toString();
    }
    int end = MAX_NAME_LENGTH - 1;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--; // never half a character
    }
    return name.subSequence(0, end) + "\u2026";
  }

  /**
   * The most attributes a transfer keeps: with keys and values cut like names, one transfer's
   * attributes stay under about 128,000 characters in each event, however many the application put
   * on it.
   */
  public static final int MAX_ATTRIBUTES = 64;

  /**
   * {@code attributes} bounded like names: at most {@link #MAX_ATTRIBUTES} entries (the first, in
   * the map's order; the rest are dropped, said once per JVM naming {@code transferName}), each key
   * and value cut by {@link #boundedName}. Returns {@code attributes} itself when it is within the
   * bounds, so the common case allocates nothing. Two long keys that cut to the same text keep the
   * later value.
   */
  public static Map<String, String> boundedAttributes(
      Map<String, String> attributes, String transferName) {
    if (attributes.size() <= MAX_ATTRIBUTES && withinNameLength(attributes)) {
      return attributes;
    }
    if (attributes.size() > MAX_ATTRIBUTES) {
      Diagnostics.once(
          "attributes.too-many",
          "transfer '"
              + transferName
              + "' has "
              + attributes.size()
              + " attributes; it keeps the first "
              + MAX_ATTRIBUTES
              + " and drops the rest (said once)");
    }
    Map<String, String> bounded = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (bounded.size() == MAX_ATTRIBUTES) {
        break;
      }
      bounded.put(boundedName(e.getKey()), boundedName(e.getValue()));
    }
    return bounded;
  }

  private static boolean withinNameLength(Map<String, String> attributes) {
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (e.getKey().length() > MAX_NAME_LENGTH || e.getValue().length() > MAX_NAME_LENGTH) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code name} with every control character (C0, DEL, C1), ANSI escape sequence, line or
   * paragraph separator, bidirectional control (U+202A to U+202E, U+2066 to U+2069, the marks
   * U+200E, U+200F and U+061C) and lone surrogate replaced, so that it can be written to a terminal
   * or a one-line log entry without moving the cursor, changing colours, starting a new line or
   * showing the rest of the line reversed. An escape sequence becomes one {@code ?}; any other
   * control character, and a lone surrogate, becomes {@code ?}, so the result also encodes as valid
   * UTF-8. The one rule of every sink that shows a name, an operation or an error as text.
   */
  public static String sanitize(String name) {
    StringBuilder out = null;
    int n = name.length();
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(name.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (!isControl(c) && !Character.isSurrogate(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n).append(name, 0, i);
      }
      out.append('?');
      if (c == '\u001b' && i + 1 < n) {
        i = skipEscape(name, i + 1) - 1;
      } else if (c == '\u009b') {
        i = skipCsiBody(name, i + 1) - 1;
      }
    }
    return out == null ? name : out.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') // bidirectional embeddings and overrides
        || (c >= '\u2066' && c <= '\u2069') // bidirectional isolates
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c'; // bidirectional marks
  }

  /** Returns the index after the escape sequence whose ESC was just before {@code i}. */
  private static int skipEscape(String s, int i) {
    char c = s.charAt(i);
    if (c == '[') {
      return skipCsiBody(s, i + 1);
    }
    if (c == ']' || c == 'P' || c == '_' || c == '^') {
      // OSC, DCS, APC, PM: up to BEL or ST (ESC \)
      for (int j = i + 1; j < s.length(); j++) {
        char d = s.charAt(j);
        if (d == '\u0007') {
          return j + 1;
        }
        if (d == '\u001b' && j + 1 < s.length() && s.charAt(j + 1) == '\\') {
          return j + 2;
        }
      }
      return s.length();
    }
    return c >= 0x20 && c <= 0x7e ? i + 1 : i;
  }

  /** Skips CSI parameters and intermediates up to and including the final byte. */
  private static int skipCsiBody(String s, int i) {
    int j = i;
    while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x3f) {
      j++;
    }
    return j < s.length() && s.charAt(j) >= 0x40 && s.charAt(j) <= 0x7e ? j + 1 : j;
  }

  /**
   * A count of bytes in binary units with one decimal above 1 KiB: {@code 512 B}, {@code 1.5 KiB},
   * {@code 15.2 MiB}, {@code 2.0 GiB}.
   */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    while (unit < units.length - 1 && bytes >> (10 * (unit + 1)) >= 1024) {
      unit++;
    }
    return oneDecimal(bytes, 1L << (10 * (unit + 1))) + " " + units[unit];
  }

  /**
   * {@code numerator / divisor} with one decimal, rounded half up: {@code 15.2} for {@code
   * (15938355, 1 << 20)}. Integer arithmetic, without {@link String#format} (which costs a
   * formatter and its locale's symbols on every call): the console formats a few hundred numbers
   * per frame. Same digits as {@code String.format("%.1f", (double) numerator / divisor)} wherever
   * that quotient is exact in a {@code double} (byte counts below 8 PiB over a power of two).
   */
  public static String oneDecimal(long numerator, long divisor) {
    if (numerator < 0 || divisor <= 0 || divisor > (1L << 59) || numerator / divisor > 1L << 59) {
      return BigDecimal.valueOf(numerator)
          .divide(BigDecimal.valueOf(divisor), 1, RoundingMode.HALF_UP)
          .toPlainString();
    }
    long tenths = numerator / divisor * 10 + (numerator % divisor * 10 + divisor / 2) / divisor;
    return tenths / 10 + "." + tenths % 10;
  }

  /** A duration as {@code 7.2 s}, {@code 3m 05s} or {@code 2h 03m}. */
  public static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 60_000) {
      return oneDecimal(millis, 1000) + " s";
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return seconds / 60 + "m " + twoDigits(seconds % 60) + "s";
    }
    return seconds / 3600 + "h " + twoDigits(seconds % 3600 / 60) + "m";
  }

  private static String twoDigits(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }

  /** A whole number with {@code ,} between groups of three digits: {@code 52,428,800}. */
  public static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * A count in its unit: bytes in binary units ({@code 15.2 MiB}), characters and items as grouped
   * numbers with their word ({@code 1,234 chars}, {@code 1 item}).
   */
  public static String amount(long n, Unit unit) {
    return unit.isBytes() ? bytes(n) : grouped(n) + " " + unit.word(n);
  }

  /**
   * A speed in units per second: {@code 2.1 MiB/s}, {@code 1,250 items/s}, {@code 0.5 items/s}.
   * Negative and non-finite speeds read as zero.
   */
  public static String rate(double perSecond, Unit unit) {
    double v = Double.isFinite(perSecond) && perSecond > 0 ? perSecond : 0;
    if (unit == Unit.BYTES) {
      return bytes(Math.round(v)) + "/s";
    }
    String word = " " + unit.name() + "/s";
    if (v > 0 && v < 10) {
      return String.format(Locale.ROOT, "%.1f%s", v, word);
    }
    return grouped(Math.round(v)) + word;
  }

  /**
   * {@code text} shortened to at most {@code max} code points by cutting out its middle, so that
   * both the start and the extension of a file name stay visible: {@code very_lo…name.zip}. The
   * ellipsis is {@code …}, or {@code ...} when {@code ascii}. Counts code points, not display
   * columns: a wide (East Asian) character still counts as one.
   */
  public static String ellipsize(String text, int max, boolean ascii) {
    int length = text.codePointCount(0, text.length());
    if (length <= max) {
      return text;
    }
    String dots = ascii ? "..." : "\u2026";
    if (max <= dots.length()) {
      return dots.substring(0, Math.max(0, max));
    }
    int keep = max - dots.length();
    int tail = keep / 3;
    int head = keep - tail;
    int headEnd = text.offsetByCodePoints(0, head);
    int tailStart = text.offsetByCodePoints(text.length(), -tail);
    return text.substring(0, headEnd) + dots + text.substring(tailStart);
  }
}
