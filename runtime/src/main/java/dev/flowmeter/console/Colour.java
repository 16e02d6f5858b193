// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.Status;
import org.jspecify.annotations.Nullable;

/**
 * The colours the console gives the ends of transfers: completed green, failed red, cancelled
 * yellow. Only the foreground is set, and reset to the terminal's default after the text, so the
 * user's own colours and attributes around it are kept. Used only when {@link
 * ConsoleScreen#colour()} allows it.
 */
enum Colour {
  GREEN(32),
  RED(31),
  YELLOW(33);

  private final String start;

  Colour(int code) {
    this.start = "\u001b[" + code + "m";
  }

  /** {@code text} in this colour. */
  String paint(String text) {
    return start + text + "\u001b[39m";
  }

  /** The colour of a final status, or null for a status that is not final. */
  static @Nullable Colour of(Status status) {
    switch (status) {
      case COMPLETED:
        return GREEN;
      case FAILED:
        return RED;
      case CANCELLED:
        return YELLOW;
      default:
        return null;
    }
  }
}
