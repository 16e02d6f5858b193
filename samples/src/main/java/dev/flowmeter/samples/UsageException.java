// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

/**
 * A mistake in a sample's options (an unknown option, a missing or malformed value): {@link Main}
 * prints its message as one line and exits with status 2.
 */
final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
