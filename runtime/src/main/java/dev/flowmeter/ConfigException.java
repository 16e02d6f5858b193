// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * A configuration value Flowmeter cannot use: an unknown sink name, a malformed number or duration,
 * a file that cannot be opened.
 *
 * <p>The message is one line naming the key, the value and what would be accepted, for example
 * {@code flowmeter.interval: '10 parsecs' is not a duration (accepted: 250ms, 2s, 1m, 24h, or a
 * number of milliseconds)}.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;

  /**
   * Creates the exception.
   *
   * @param key the full key, for example {@code flowmeter.sinks}
   * @param value the value as the user wrote it
   * @param problem what is wrong and what would be accepted
   */
  public ConfigException(String key, String value, String problem) {
    super(key + ": '" + value + "' " + problem);
    this.key = key;
    this.value = value;
  }

  /**
   * Creates the exception with a cause, for example the {@link java.io.IOException} of a file that
   * cannot be opened.
   */
  public ConfigException(String key, String value, String problem, Throwable cause) {
    this(key, value, problem);
    initCause(cause);
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
