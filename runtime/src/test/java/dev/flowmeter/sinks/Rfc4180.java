// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for tests: records end with CRLF, fields holding a comma, quote, CR or
 * LF are quoted with quotes doubled. Anything else (a bare quote in an unquoted field, a bare LF
 * outside quotes, text after a closing quote) is an error, so a writer bug cannot hide.
 */
final class Rfc4180 {
  private Rfc4180() {}

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quoted field at " + i);
          }
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < n && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
      } else {
        while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          char c = text.charAt(i++);
          if (c == '"' || c == '\n') {
            throw new IllegalArgumentException("bare " + (int) c + " in unquoted field at " + i);
          }
          field.append(c);
        }
      }
      if (i >= n) {
        throw new IllegalArgumentException("last record does not end with CRLF");
      }
      char c = text.charAt(i);
      if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        i++;
      } else if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i += 2;
      } else {
        throw new IllegalArgumentException("unexpected " + (int) c + " after field at " + i);
      }
    }
    return records;
  }
}
