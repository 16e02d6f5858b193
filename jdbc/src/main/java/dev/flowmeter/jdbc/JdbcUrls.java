// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import java.util.regex.Pattern;

/** JDBC URLs as they may be printed: with their secrets masked. Stateless. */
final class JdbcUrls {
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^/@]*@");
  private static final Pattern SECRET =
      Pattern.compile("(?i)((?:password|pwd|passwd|secret|token|sslpassword|apikey)=)[^&;]*");

  private JdbcUrls() {}

  /**
   * {@code url} with a password in its user information ({@code //u:secret@host}) or in a parameter
   * ({@code ?password=secret}, {@code ;password=secret}) written as {@code ***}.
   */
  static String mask(String url) {
    String masked = USER_INFO.matcher(url).replaceAll("$1:***@");
    return SECRET.matcher(masked).replaceAll("$1***");
  }
}
