// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a transfer counts: bytes for streams and channels, characters for readers and writers, items
 * for iterables, or a unit the caller names ({@code Unit.of("frame", "frames")}) for work that is
 * not counted in bytes, such as the frames an encoder reports.
 *
 * <p>Bytes are shown in binary units (KiB, MiB, GiB); every other unit as a grouped number followed
 * by its word ({@code 1,250 frames}, {@code 1 frame}).
 *
 * <p>Instances are immutable; two units are equal when their plural words are.
 */
public final class Unit {
  /** Bytes, shown in binary units (KiB, MiB, GiB). */
  public static final Unit BYTES = new Unit("byte", "bytes");

  /** Characters of a {@link java.io.Reader} or {@link java.io.Writer}. */
  public static final Unit CHARS = new Unit("char", "chars");

  /**
   * Elements of an {@link Iterable}, {@link java.util.Iterator} or {@link java.util.stream.Stream}.
   */
  public static final Unit ITEMS = new Unit("item", "items");

  private final String singular;
  private final String plural;

  private Unit(String singular, String plural) {
    this.singular = singular;
    this.plural = plural;
  }

  /**
   * A unit of the caller's own, for example {@code Unit.of("frame", "frames")}. The built-in words
   * ({@code bytes}, {@code chars}, {@code items}) give the built-in units.
   *
   * @param singular the word for one, shown as {@code 1 frame}
   * @param plural the word for any other count, shown as {@code 25 frames}, and the unit's {@link
   *     #name()}
   * @throws IllegalArgumentException when a word is blank, longer than 32 characters or holds a
   *     character other than a letter, a digit, {@code -} or {@code _}
   */
  public static Unit of(String singular, String plural) {
    String one = word(singular, "singular");
    String many = word(plural, "plural");
    Unit builtIn = builtIn(many);
    return builtIn != null ? builtIn : new Unit(one, many);
  }

  /** A unit whose singular and plural are the same word ({@code Unit.of("percent")}). */
  public static Unit of(String word) {
    return of(word, word);
  }

  private static @Nullable Unit builtIn(String plural) {
    switch (plural) {
      case "bytes":
        return BYTES;
      case "chars":
        return CHARS;
      case "items":
        return ITEMS;
      default:
        return null;
    }
  }

  private static String word(String word, String what) {
    Objects.requireNonNull(word, what);
    if (word.isBlank() || word.length() > 32 || !word.chars().allMatch(Unit::wordChar)) {
      throw new IllegalArgumentException(
          "unit word '" + word + "' (" + what + ") must be 1 to 32 letters, digits, '-' or '_'");
    }
    return word.toLowerCase(Locale.ROOT);
  }

  private static boolean wordChar(int c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_';
  }

  /**
   * The unit's name: its plural word in lower case ({@code bytes}, {@code chars}, {@code frames}).
   */
  public String name() {
    return plural;
  }

  /** The word for a count of one ({@code byte}, {@code frame}). */
  public String singular() {
    return singular;
  }

  /** The word for {@code count}: the singular for 1, the plural otherwise. */
  public String word(long count) {
    return count == 1 ? singular : plural;
  }

  /** Whether this is {@link #BYTES}, shown in binary units. */
  public boolean isBytes() {
    return this == BYTES;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Unit && ((Unit) o).plural.equals(plural);
  }

  @Override
  public int hashCode() {
    return plural.hashCode();
  }

  @Override
  public String toString() {
    return plural;
  }
}
