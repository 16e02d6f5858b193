// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import java.util.Objects;

/**
 * One mail ready to send: plain text, made safe when it was written ({@link MailText}).
 *
 * @param notice what it tells
 * @param subject the subject: one line, no control character, at most {@link MailText#MAX_SUBJECT}
 *     code points plus its prefix
 * @param body the body, lines ending in {@code \n}
 * @param summary the one line a digest shows for it (the subject without its prefix)
 * @param detail a line a digest shows under the summary (a failure's error), or empty
 */
record Mail(Notice notice, String subject, String body, String summary, String detail) {
  Mail {
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(detail, "detail");
  }
}
