// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** wget's bar and dot output; see {@link ProgressParsers#wget()}. */
final class WgetParser implements ProgressParser {
  private static final Pattern LENGTH = Pattern.compile("^Length:\\s*(\\d{1,19})\\b");
  private static final Pattern BAR =
      Pattern.compile(
          "\\s(\\d{1,3})%\\[[^\\]]{0,400}\\]\\s+(\\d{1,15}(?:[.,]\\d{1,9})?)([KMGT]?)"
              + "\\s+(?:(\\d{1,15}(?:[.,]\\d{1,9})?)([KMGT]?B)/s)?");
  private static final Pattern DOTS =
      Pattern.compile(
          "^\\s*(\\d{1,15})K\\s+([. ]{1,400}?)\\s+(\\d{1,3})%\\s+(\\d{1,15}(?:[.,]\\d{1,9})?)([KMG]?)"
              + "[\\s=]");

  private long total = -1;

  @Override
  public @Nullable ToolProgress parse(String line) {
    if (line.startsWith("Length:")) {
      Matcher m = LENGTH.matcher(line);
      if (m.find()) {
        total = Numbers.bytes(Numbers.decimal(m.group(1)), 1);
      }
      return null;
    }
    Matcher bar = BAR.matcher(line);
    if (bar.find()) {
      int percent = Integer.parseInt(bar.group(1));
      long bytes = Numbers.binarySize(bar.group(2).replace(',', '.'), bar.group(3));
      double speed =
          bar.group(4) == null
              ? Double.NaN
              : Numbers.binarySpeed(bar.group(4).replace(',', '.'), bar.group(5));
      return result(percent, bytes, speed);
    }
    Matcher dots = DOTS.matcher(line);
    if (dots.find()) {
      int percent = Integer.parseInt(dots.group(3));
      long dotCount = dots.group(2).chars().filter(c -> c == '.').count();
      long offset = Numbers.binarySize(dots.group(1), "K");
      long bytes = offset < 0 ? -1 : offset + dotCount * Numbers.KIB;
      double speed = Numbers.binarySpeed(dots.group(4).replace(',', '.'), dots.group(5));
      return result(percent, bytes, speed);
    }
    return null;
  }

  private @Nullable ToolProgress result(int percent, long bytes, double speed) {
    if (percent > 100) {
      return null;
    }
    // wget rounds the shown size; at 100 % the exact total is known from Length:.
    long done = percent == 100 && total >= 0 ? total : bytes;
    return new ToolProgress(done, total, percent / 100.0, speed);
  }

  @Override
  public String toString() {
    return "WgetParser";
  }
}
