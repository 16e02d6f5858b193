// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** MegaCMD's transfer lines; see {@link ProgressParsers#megaCmd()}. */
final class MegaCmdParser implements ProgressParser {
  private static final String NUMBER = "(\\d{1,15}(?:\\.\\d{1,9})?)";
  private static final Pattern LINE =
      Pattern.compile(
          "TRANSFERRING\\s*\\|\\|[^|]{0,400}\\|\\|\\(\\s*"
              + NUMBER
              + "\\s*/\\s*"
              + NUMBER
              + "\\s*([KMGT]?B)\\s*:\\s*"
              + NUMBER
              + "\\s*%\\s*\\)");

  @Override
  public @Nullable ToolProgress parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.find()) {
      return null;
    }
    double unit = Numbers.binaryUnit(m.group(3));
    double percent = Numbers.decimal(m.group(4));
    if (!(percent <= 100)) {
      return null;
    }
    return new ToolProgress(
        Numbers.bytes(Numbers.decimal(m.group(1)), unit),
        Numbers.bytes(Numbers.decimal(m.group(2)), unit),
        percent / 100.0,
        Double.NaN);
  }

  @Override
  public String toString() {
    return "MegaCmdParser";
  }
}
