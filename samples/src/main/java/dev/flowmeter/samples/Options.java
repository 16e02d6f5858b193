// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

/** The values of a sample's options, each mistake a {@link UsageException} naming it. */
final class Options {
  private Options() {}

  /** The value after the option at {@code args[i]}; {@code accepted} lists the sample's options. */
  static String value(String[] args, int i, String accepted) {
    if (i + 1 >= args.length) {
      throw new UsageException(args[i] + " needs a value (accepted: " + accepted + ")");
    }
    return args[i + 1];
  }

  /** The number after the option at {@code args[i]}: from 0 (or above 0) to {@code max}. */
  static double number(String[] args, int i, boolean positive, long max, String accepted) {
    String text = value(args, i, accepted);
    double number;
    try {
      number = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      number = Double.NaN;
    }
    if (!(positive ? number > 0 : number >= 0) || !(number <= max)) { // NaN too
      throw new UsageException(
          args[i]
              + " '"
              + text
              + "' is not a number "
              + (positive ? "above 0" : "from 0")
              + " to "
              + max);
    }
    return number;
  }
}
