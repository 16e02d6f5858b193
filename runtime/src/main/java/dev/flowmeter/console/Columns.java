// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

/**
 * Text measured, cut and padded in terminal columns rather than in {@code char}s.
 *
 * <p>A terminal gives an East Asian wide or fullwidth character (CJK ideographs, kana, Hangul
 * syllables, fullwidth forms, most emoji) two columns, a combining mark or a format character
 * (accents written after their letter, variation selectors, the zero-width joiner) none, and
 * everything else one. The table of wide ranges below is this project's own reading of the Unicode
 * East Asian Width property (values W and F), kept small: terminals themselves disagree about some
 * emoji, and a cell too many or too few there costs one column of padding, never a wrapped line,
 * because every line keeps a column spare. Escape sequences ({@code ESC [ ... final}) take no
 * column, so a coloured line measures as its text.
 *
 * <p>Stateless and thread-safe.
 */
final class Columns {
  private Columns() {}

  /** Inclusive ranges of code points that take two columns, in ascending order. */
  private static final int[] WIDE = {
    0x1100, 0x115F, // Hangul Jamo, leading consonants
    0x231A, 0x231B, // watch, hourglass
    0x2329, 0x232A, // angle brackets
    0x23E9, 0x23EC,
    0x23F0, 0x23F0,
    0x23F3, 0x23F3,
    0x25FD, 0x25FE,
    0x2614, 0x2615,
    0x2648, 0x2653, // zodiac
    0x267F, 0x267F,
    0x2693, 0x2693,
    0x26A1, 0x26A1,
    0x26AA, 0x26AB,
    0x26BD, 0x26BE,
    0x26C4, 0x26C5,
    0x26CE, 0x26CE,
    0x26D4, 0x26D4,
    0x26EA, 0x26EA,
    0x26F2, 0x26F3,
    0x26F5, 0x26F5,
    0x26FA, 0x26FA,
    0x26FD, 0x26FD,
    0x2705, 0x2705,
    0x270A, 0x270B,
    0x2728, 0x2728,
    0x274C, 0x274C,
    0x274E, 0x274E,
    0x2753, 0x2755,
    0x2757, 0x2757,
    0x2795, 0x2797,
    0x27B0, 0x27B0,
    0x27BF, 0x27BF,
    0x2B1B, 0x2B1C,
    0x2B50, 0x2B50,
    0x2B55, 0x2B55,
    0x2E80, 0x303E, // CJK radicals, Kangxi radicals, CJK symbols and punctuation
    0x3041, 0x33FF, // kana, Bopomofo, Hangul compatibility Jamo, enclosed CJK, CJK compatibility
    0x3400, 0x4DBF, // CJK extension A
    0x4E00, 0x9FFF, // CJK unified ideographs
    0xA000, 0xA4CF, // Yi
    0xA960, 0xA97F, // Hangul Jamo extended A
    0xAC00, 0xD7A3, // Hangul syllables
    0xF900, 0xFAFF, // CJK compatibility ideographs
    0xFE10, 0xFE19, // vertical forms
    0xFE30, 0xFE6F, // CJK compatibility forms, small form variants
    0xFF00, 0xFF60, // fullwidth forms
    0xFFE0, 0xFFE6, // fullwidth signs
    0x16FE0, 0x16FE4,
    0x17000, 0x18CFF, // Tangut, Khitan
    0x1B000, 0x1B2FF, // kana supplement and extensions, Nushu
    0x1F004, 0x1F004,
    0x1F0CF, 0x1F0CF,
    0x1F18E, 0x1F18E,
    0x1F191, 0x1F19A,
    0x1F200, 0x1F2FF, // enclosed ideographic supplement
    0x1F300, 0x1F64F, // pictographs, emoticons
    0x1F680, 0x1F6FF, // transport and map symbols
    0x1F7E0, 0x1F7EB,
    0x1F90C, 0x1F9FF, // supplemental symbols and pictographs
    0x1FA70, 0x1FAFF,
    0x20000, 0x2FFFD, // CJK extensions B to F, compatibility supplement
    0x30000, 0x3FFFD, // CJK extension G and after
  };

  /** The columns one code point takes: 0, 1 or 2. */
  static int of(int codePoint) {
    if (codePoint < 0x300) {
      return codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) ? 0 : 1;
    }
    if (codePoint >= 0x2500 && codePoint < 0x25FD) {
      return 1; // box drawing and blocks: the bar's own glyphs, the most frequent here
    }
    if (isZeroWidth(codePoint)) {
      return 0;
    }
    return isWide(codePoint) ? 2 : 1;
  }

  private static boolean isZeroWidth(int codePoint) {
    if (codePoint >= 0x1160 && codePoint <= 0x11FF) {
      return true; // Hangul medial vowels and final consonants join the leading consonant
    }
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || (type == Character.FORMAT && codePoint != 0xAD); // a soft hyphen shows as a hyphen
  }

  private static boolean isWide(int codePoint) {
    int low = 0;
    int high = WIDE.length / 2 - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (codePoint < WIDE[2 * mid]) {
        high = mid - 1;
      } else if (codePoint > WIDE[2 * mid + 1]) {
        low = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** The columns {@code text} takes; an escape sequence ({@code ESC [ ... final}) takes none. */
  static int width(CharSequence text) {
    int columns = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\u001b' && i + 1 < n && text.charAt(i + 1) == '[') {
        i = skipCsi(text, i + 2);
        continue;
      }
      int cp = Character.codePointAt(text, i);
      columns += of(cp);
      i += Character.charCount(cp);
    }
    return columns;
  }

  private static int skipCsi(CharSequence text, int from) {
    int i = from;
    while (i < text.length() && (text.charAt(i) < 0x40 || text.charAt(i) > 0x7e)) {
      i++;
    }
    return Math.min(text.length(), i + 1);
  }

  /**
   * {@code text} shortened to at most {@code max} columns by cutting out its middle, so that both
   * the start and the end stay visible: {@code quarterly-re…al-2.pdf}. The end keeps at least a
   * third of the room, and the whole extension when it takes at most half of it. The ellipsis is
   * {@code …}, or {@code ...} when {@code ascii}. A wide character is never split; a combining mark
   * stays with its letter. The result may be one column short of {@code max} when a wide character
   * did not fit.
   */
  static String ellipsize(String text, int max, boolean ascii) {
    if (width(text) <= max) {
      return text;
    }
    String dots = ascii ? "..." : "\u2026";
    int dotsWidth = dots.length(); // one column per char
    if (max <= dotsWidth) {
      return dots.substring(0, Math.max(0, Math.min(dots.length(), max)));
    }
    int keep = max - dotsWidth;
    int tailBudget = Math.max(keep / 3, extensionWidth(text, keep / 2));
    int tailStart = text.length();
    int tail = 0;
    while (tailStart > 0) {
      int cp = Character.codePointBefore(text, tailStart);
      int w = of(cp);
      if (tail + w > tailBudget) {
        break;
      }
      tail += w;
      tailStart -= Character.charCount(cp);
    }
    while (tailStart < text.length() && of(text.codePointAt(tailStart)) == 0) {
      tailStart += Character.charCount(text.codePointAt(tailStart)); // no mark without its letter
    }
    int headEnd = Math.min(tailStart, prefixEnd(text, keep - width(text.substring(tailStart))));
    return text.substring(0, headEnd) + dots + text.substring(tailStart);
  }

  /**
   * The columns of the extension of {@code text} with its dot, or 0 when wider than {@code max}.
   */
  private static int extensionWidth(String text, int max) {
    int dot = text.lastIndexOf('.');
    if (dot <= 0) {
      return 0;
    }
    int width = width(text.substring(dot));
    return width <= max ? width : 0;
  }

  /**
   * {@code text} cut at its end to at most {@code max} columns, the last column an ellipsis ({@code
   * …}, or {@code ...} when {@code ascii}) when anything was cut.
   */
  static String cut(String text, int max, boolean ascii) {
    if (width(text) <= max) {
      return text;
    }
    String dots = ascii ? "..." : "\u2026";
    int dotsWidth = dots.length();
    if (max <= dotsWidth) {
      return dots.substring(0, Math.max(0, Math.min(dots.length(), max)));
    }
    return text.substring(0, prefixEnd(text, max - dotsWidth)) + dots;
  }

  /** The end index of the longest start of {@code text} within {@code max} columns. */
  private static int prefixEnd(String text, int max) {
    int used = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int w = of(cp);
      if (used + w > max) {
        break;
      }
      used += w;
      i += Character.charCount(cp);
    }
    return i;
  }

  /**
   * Appends {@code text} to {@code line}, padded with spaces to {@code width} columns on the left
   * ({@code right} aligned) or on the right; text wider than {@code width} is appended whole.
   */
  static void pad(StringBuilder line, String text, int width, boolean right) {
    int spaces = Math.max(0, width - width(text));
    if (right) {
      line.append(" ".repeat(spaces)).append(text);
    } else {
      line.append(text).append(" ".repeat(spaces));
    }
  }
}
