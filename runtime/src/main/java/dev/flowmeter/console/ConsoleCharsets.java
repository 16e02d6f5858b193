// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Whether the console can show the Unicode bar, decided from the charset of its stream.
 *
 * <p>On JDK 18 and later {@code PrintStream.charset()} says exactly what the stream encodes to. On
 * JDK 17 it does not exist, and the system properties tell instead: {@code stdout.encoding} or
 * {@code stderr.encoding} (set by newer JDKs), {@code sun.stdout.encoding} or {@code
 * sun.stderr.encoding} (set for a Windows console), then {@code native.encoding} (the locale's).
 */
final class ConsoleCharsets {
  private ConsoleCharsets() {}

  /** Whether {@code stream} writes UTF-8. */
  static boolean isUtf8(PrintStream stream, boolean stderr) {
    Charset charset = charsetOf(stream);
    if (charset != null) {
      return StandardCharsets.UTF_8.equals(charset);
    }
    return isUtf8(stderr, System::getProperty);
  }

  /**
   * The charset {@code stream} encodes to: its own on JDK 18 and later, else the one the properties
   * name (as {@link #isUtf8(boolean, Function)}), else the default.
   */
  static Charset charset(PrintStream stream, boolean stderr) {
    Charset charset = charsetOf(stream);
    if (charset != null) {
      return charset;
    }
    String[] keys = keys(stderr);
    for (String key : keys) {
      String name = System.getProperty(key);
      if (name != null && !name.isBlank()) {
        try {
          return Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    return Charset.defaultCharset();
  }

  /** Whether the properties read through {@code properties} name UTF-8 for the stream. */
  static boolean isUtf8(boolean stderr, Function<String, @Nullable String> properties) {
    String[] keys = keys(stderr);
    for (String key : keys) {
      String name = properties.apply(key);
      if (name != null && !name.isBlank()) {
        try {
          return StandardCharsets.UTF_8.equals(Charset.forName(name.trim()));
        } catch (IllegalArgumentException e) {
          return false; // unknown or unsupported charset: stay with ASCII
        }
      }
    }
    return StandardCharsets.UTF_8.equals(Charset.defaultCharset());
  }

  /** The properties that name a standard stream's charset, first one set wins. */
  private static String[] keys(boolean stderr) {
    return stderr
        ? new String[] {"stderr.encoding", "sun.stderr.encoding", "native.encoding"}
        : new String[] {"stdout.encoding", "sun.stdout.encoding", "native.encoding"};
  }

  private static @Nullable Charset charsetOf(PrintStream stream) {
    try {
      Method charset = PrintStream.class.getMethod("charset"); // JDK 18+
      return (Charset) charset.invoke(stream);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
