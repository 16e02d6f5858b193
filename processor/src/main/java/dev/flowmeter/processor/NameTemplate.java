// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transfer name template such as {@code "upload {file} to {host}"}: literal text and {@code
 * {param}} placeholders, each replaced at run time by the argument's {@code toString()}.
 *
 * <p>Only a brace pair around a Java identifier is a placeholder; any other brace is literal text.
 */
final class NameTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)}");

  /** One piece of a template: literal text, or the name of a parameter. */
  static final class Part {
    final String text;
    final boolean parameter;

    Part(String text, boolean parameter) {
      this.text = text;
      this.parameter = parameter;
    }
  }

  private NameTemplate() {}

  /** Splits {@code template} into its literal and placeholder parts, in order. */
  static List<Part> parse(String template) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        parts.add(new Part(template.substring(at, m.start()), false));
      }
      parts.add(new Part(m.group(1), true));
      at = m.end();
    }
    if (at < template.length()) {
      parts.add(new Part(template.substring(at), false));
    }
    return parts;
  }
}
