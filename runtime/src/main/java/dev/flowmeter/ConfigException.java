// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A configuration value Flowmeter cannot use: an unknown sink name, a malformed number or duration,
 * a file that cannot be opened.
 *
 * <p>The message is one line naming the key, the value and what would be accepted, for example
 * {@code flowmeter.interval: '10 parsecs' is not a duration (accepted: 250ms, 2s, 1m, 24h, or a
 * number of milliseconds)}. Control characters in it (a line break, an escape sequence, a
 * bidirectional override) are shown escaped (a line break as {@code \n}, ESC as {@code \}{@code
 * u001b}), so that printing the message never moves the cursor, changes colours or starts a new
 * line; {@link #value()} is the value as written.
 *
 * <p>{@link Flowmeter#validate()} throws one exception for every problem it found: its message
 * lists them all, and {@link #problems()} gives each.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;
  private final transient @Nullable List<ConfigException> problems;

  /**
   * Creates the exception.
   *
   * @param key the full key, for example {@code flowmeter.sinks}
   * @param value the value as the user wrote it
   * @param problem what is wrong and what would be accepted
   */
  public ConfigException(String key, String value, String problem) {
    super(escaped(key + ": '" + value + "' " + problem));
    this.key = key;
    this.value = value;
    this.problems = List.of(this);
  }

  /**
   * Creates the exception with a cause, for example the {@link java.io.IOException} of a file that
   * cannot be opened.
   */
  public ConfigException(String key, String value, String problem, Throwable cause) {
    this(key, value, problem);
    initCause(cause);
  }

  /** One exception for several problems: the first names the key and value, the message all. */
  private ConfigException(List<ConfigException> problems) {
    super(problems.size() + " problems in the flowmeter configuration: " + join(problems));
    this.key = problems.get(0).key;
    this.value = problems.get(0).value;
    this.problems = List.copyOf(problems);
    for (ConfigException problem : problems) {
      addSuppressed(problem);
    }
  }

  /** {@code problems} as one exception: the only one, or one whose message lists them all. */
  public static ConfigException of(List<ConfigException> problems) {
    return problems.size() == 1 ? problems.get(0) : new ConfigException(problems);
  }

  /**
   * {@code text} with every control character (C0, DEL, C1, line and paragraph separators,
   * bidirectional overrides) written as an escape: {@code \n}, {@code \r}, {@code \t}, else {@code
   * \}{@code uXXXX}. A backslash is left as it is, so a Windows path reads as written.
   */
  private static String escaped(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control =
          c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || c == '\u2028'
              || c == '\u2029'
              || (c >= '\u202a' && c <= '\u202e')
              || (c >= '\u2066' && c <= '\u2069');
      if (!control) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return out == null ? text : out.toString();
  }

  private static String join(List<ConfigException> problems) {
    StringBuilder message = new StringBuilder();
    for (ConfigException problem : problems) {
      message.append(message.length() == 0 ? "" : "; ").append(problem.getMessage());
    }
    return message.toString();
  }

  /**
   * Every problem this exception stands for, in the order found: this exception alone, or, when
   * {@link Flowmeter#validate()} found several, each of them. The first names {@link #key()}.
   */
  public List<ConfigException> problems() {
    return problems != null ? problems : List.of(this); // null after deserialization
  }

  /** The key whose value is wrong. */
  public String key() {
    return key;
  }

  /** The value as the user wrote it. */
  public String value() {
    return value;
  }
}
