// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a host the server binds to can be reached only from this machine. */
final class Loopback {
  private static final Pattern IPV4 = Pattern.compile("[0-9.]+");

  private Loopback() {}

  /**
   * Whether {@code host} is a loopback address: {@code localhost}, {@code 127.x.x.x}, {@code ::1}
   * (with or without brackets), or a name all of whose addresses are loopback ones. The wildcard
   * ({@code 0.0.0.0}, {@code ::}), a LAN address, and a name that does not resolve are not. An
   * address written as digits is read as it is, without asking a name server.
   */
  static boolean isLoopback(String host) {
    String h = host.strip();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.isEmpty()) {
      return false;
    }
    String lower = h.toLowerCase(Locale.ROOT);
    if (lower.equals("localhost") || lower.equals("localhost.")) {
      return true;
    }
    try {
      if (h.contains(":") || IPV4.matcher(h).matches()) {
        return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
      }
      InetAddress[] addresses = InetAddress.getAllByName(h);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }
}
