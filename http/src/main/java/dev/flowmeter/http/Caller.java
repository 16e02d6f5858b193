// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;

/**
 * Who made a request: a user name and whether they are an admin. An admin sees and cancels every
 * transfer; any other caller only those whose {@code user} attribute is their name.
 *
 * @param user the caller's user name
 * @param admin whether the caller sees and cancels every transfer
 */
record Caller(String user, boolean admin) {
  /** The caller of a server that requires no token: it sees and cancels every transfer. */
  static final Caller ANYONE = new Caller("anyone", true);

  /** Whether this caller may see (and cancel) the transfer of {@code event}. */
  boolean maySee(ProgressEvent event) {
    return admin || user.equals(event.attributes().get("user"));
  }
}
