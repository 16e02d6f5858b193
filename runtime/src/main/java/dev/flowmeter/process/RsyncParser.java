// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** {@code rsync --info=progress2}; see {@link ProgressParsers#rsync()}. */
final class RsyncParser implements ProgressParser {
  private static final Pattern LINE =
      Pattern.compile(
          "^\\s*(\\d{1,3}(?:,\\d{3}){0,6}|\\d{1,19}|\\d{1,15}(?:\\.\\d{1,9})?[KMGT])\\s+(\\d{1,3})%"
              + "\\s+(\\d{1,15}(?:\\.\\d{1,9})?)([kMGT]B)/s\\s+\\d{1,9}:\\d{2}:\\d{2}\\b");

  @Override
  public @Nullable ToolProgress parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.find()) {
      return null;
    }
    String amount = m.group(1);
    char last = amount.charAt(amount.length() - 1);
    long bytes =
        Character.isDigit(last)
            ? Numbers.bytes(Numbers.decimal(amount), 1)
            : Numbers.binarySize(amount.substring(0, amount.length() - 1), String.valueOf(last));
    int percent = Integer.parseInt(m.group(2));
    if (percent > 100) {
      return null;
    }
    return new ToolProgress(
        bytes, -1, percent / 100.0, Numbers.binarySpeed(m.group(3), m.group(4)));
  }

  @Override
  public String toString() {
    return "RsyncParser";
  }
}
