// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.IsoInstant;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON writer that appends to a {@link StringBuilder}, for sinks that write JSON without a
 * third-party library.
 *
 * <p>Strings are escaped so that the output is valid JSON for any input: quotes, backslashes and
 * control characters are escaped ({@code \n}, {@code \u001b}), as are the separators U+2028 and
 * U+2029 and lone surrogates, which could not be encoded in UTF-8 otherwise. A surrogate pair is
 * written as it is. Numbers never depend on the locale, and a {@code double} that is NaN or
 * infinite is written as {@code null}, which JSON has no number for.
 *
 * <p>The writer places commas and colons itself; it does not check that the calls make a
 * well-formed document (a name outside an object, say). Nesting deeper than 64 containers is not
 * supported. Not thread-safe: use one writer per thread.
 *
 * <p>With {@link EventJson#members(JsonWriter, ProgressEvent)} it builds documents that hold many
 * events, such as a status file or a list served over HTTP:
 *
 * <pre>{@code
 * JsonWriter json = new JsonWriter().beginObject();
 * json.name("transfers").beginArray();
 * for (ProgressEvent event : context.transfers().all()) {
 *   EventJson.members(json.beginObject(), event);
 *   json.endObject();
 * }
 * String document = json.endArray().endObject().toString();
 * }</pre>
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_DEPTH = 64;

  private final StringBuilder out;

  /** Whether the container at each depth already holds a value, so the next one needs a comma. */
  private final boolean[] hasValue = new boolean[MAX_DEPTH];

  private int depth;
  private boolean afterName;

  /** A writer that appends to a new builder. */
  public JsonWriter() {
    this(new StringBuilder(256));
  }

  /** A writer that appends to {@code out}. */
  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  /** Opens an object: <code>{</code>. */
  public JsonWriter beginObject() {
    return open('{');
  }

  /** Closes the innermost object: <code>}</code>. */
  public JsonWriter endObject() {
    return close('}');
  }

  /** Opens an array: {@code [}. */
  public JsonWriter beginArray() {
    return open('[');
  }

  /** Closes the innermost array: {@code ]}. */
  public JsonWriter endArray() {
    return close(']');
  }

  /** Writes the name of the next member of the current object. */
  public JsonWriter name(String name) {
    separate();
    quote(out, name);
    out.append(':');
    afterName = true;
    return this;
  }

  /** Writes a string, or {@code null}. */
  public JsonWriter value(@Nullable String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      quote(out, value);
    }
    return this;
  }

  /** Writes a whole number. */
  public JsonWriter value(long value) {
    separate();
    out.append(value);
    return this;
  }

  /** Writes a number, or {@code null} when it is NaN or infinite. */
  public JsonWriter value(double value) {
    separate();
    number(out, value);
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean value) {
    separate();
    out.append(value);
    return this;
  }

  /**
   * Writes an instant as an ISO-8601 string ({@code 2024-05-01T12:00:00Z}), or {@code null}: the
   * text of {@link Instant#toString()}, written without its formatter (a busy JSONL sink writes
   * three per row).
   */
  public JsonWriter value(@Nullable Instant value) {
    if (value == null) {
      return nullValue();
    }
    separate();
    out.append('"');
    IsoInstant.append(out, value);
    out.append('"');
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    separate();
    out.append("null");
    return this;
  }

  /** Writes an object whose members are the entries of {@code map}, in its iteration order. */
  public JsonWriter value(Map<String, String> map) {
    beginObject();
    for (Map.Entry<String, String> e : map.entrySet()) {
      name(e.getKey()).value(e.getValue());
    }
    return endObject();
  }

  /** The text written so far. */
  @Override
  public String toString() {
    return out.toString();
  }

  private JsonWriter open(char c) {
    separate();
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
    }
    hasValue[depth++] = false;
    out.append(c);
    return this;
  }

  private JsonWriter close(char c) {
    if (depth == 0) {
      throw new IllegalStateException("no open object or array to close");
    }
    depth--;
    afterName = false;
    out.append(c);
    return this;
  }

  /** Writes the comma before a value or name when one is due. */
  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      if (hasValue[depth - 1]) {
        out.append(',');
      }
      hasValue[depth - 1] = true;
    }
  }

  /** Appends {@code s} as a JSON string, quotes included. */
  public static void quote(StringBuilder out, String s) {
    out.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(out, c); // a lone surrogate: valid JSON, and still encodable as UTF-8
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** Appends {@code value} as a JSON number, or {@code null} when it is NaN or infinite. */
  public static void number(StringBuilder out, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value).append(".0");
    } else {
      out.append(value); // Double.toString: locale-independent and valid JSON, e.g. 1.5E-7
    }
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
