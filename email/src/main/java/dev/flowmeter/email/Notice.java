// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import java.util.Locale;

/** What a mail tells: the words of {@code flowmeter.sink.email.on}. */
enum Notice {
  /** The transfer started. */
  START,
  /** The transfer passed one of its milestones. */
  MILESTONES,
  /** The transfer completed. */
  COMPLETE,
  /** The transfer failed. */
  ERROR,
  /** The transfer was cancelled (by a caller, or because the JVM shut down). */
  CANCEL;

  /** The word in {@code on}: {@code start}, {@code milestones}, ... */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
