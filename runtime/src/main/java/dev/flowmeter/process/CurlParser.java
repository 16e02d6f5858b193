// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** curl's progress meter; see {@link ProgressParsers#curl()}. */
final class CurlParser implements ProgressParser {
  private static final String SIZE = "(\\d{1,15}(?:\\.\\d{1,9})?)([kMGTP]?)";
  private static final String TIME =
      "(?:--:--:--|\\d{1,9}:\\d{2}:\\d{2}|\\d{1,9}[dh] \\d{1,2}[hm])";
  // % Total % Received % Xferd AverageDload Upload TimeTotal Spent Left CurrentSpeed
  private static final Pattern ROW =
      Pattern.compile(
          "^\\s*(\\d{1,3})\\s+"
              + SIZE
              + "\\s+(\\d{1,3})\\s+"
              + SIZE
              + "\\s+\\d{1,3}\\s+"
              + SIZE
              + "\\s+"
              + SIZE
              + "\\s+"
              + SIZE
              + "\\s+"
              + TIME
              + "\\s+"
              + TIME
              + "\\s+"
              + TIME
              + "\\s+"
              + SIZE
              + "\\s*$");

  @Override
  public @Nullable ToolProgress parse(String line) {
    Matcher m = ROW.matcher(line);
    if (!m.matches()) {
      return null;
    }
    long total = Numbers.binarySize(m.group(2), m.group(3));
    long received = Numbers.binarySize(m.group(5), m.group(6));
    double speed = Numbers.binarySpeed(m.group(13), m.group(14));
    if (total <= 0) {
      return new ToolProgress(received, -1, Double.NaN, speed);
    }
    // curl rounds both columns to three digits; its own percentage is as precise and agrees.
    double fraction = received >= total ? 1.0 : Integer.parseInt(m.group(4)) / 100.0;
    return new ToolProgress(received, total, fraction, speed);
  }

  @Override
  public String toString() {
    return "CurlParser";
  }
}
