// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error.type} word of a failed or cancelled transfer, from the class of the exception it
 * failed by: {@code timeout}, {@code network_error}, {@code io_error}, {@code cancelled} or {@code
 * error}.
 *
 * <p>The event carries only the class name ({@link ProgressEvent#errorType()}), so the class is
 * looked up by name, without initializing it, in the loaders that may know it (the application's
 * context loader, then this module's); a class no loader finds is judged by its name alone. Answers
 * are kept per class name, at most {@value #MAX_KEPT}: failures come in few kinds.
 *
 * <p>Thread-safe.
 */
final class ErrorTypes {
  private static final int MAX_KEPT = 256;
  private static final Map<String, String> known = new ConcurrentHashMap<>();

  private ErrorTypes() {}

  /** The error type of {@code event}, or empty when it neither failed nor was cancelled. */
  static Optional<String> of(ProgressEvent event) {
    if (event.status() == Status.CANCELLED) {
      return Optional.of("cancelled");
    }
    if (event.status() != Status.FAILED) {
      return Optional.empty();
    }
    return Optional.of(event.errorType().map(ErrorTypes::ofClassName).orElse("error"));
  }

  /** The error type of an exception of class {@code name}. */
  static String ofClassName(String name) {
    String word = known.get(name);
    if (word == null) {
      word = judge(name);
      if (known.size() < MAX_KEPT) {
        known.put(name, word);
      }
    }
    return word;
  }

  private static String judge(String name) {
    Class<?> type = load(name);
    if (type == null) {
      return name.endsWith("TimeoutException")
          ? "timeout"
          : name.endsWith("IOException") ? "io_error" : "error";
    }
    if (SocketTimeoutException.class.isAssignableFrom(type)
        || TimeoutException.class.isAssignableFrom(type)
        || HttpTimeoutException.class.isAssignableFrom(type)) {
      return "timeout";
    }
    if (SocketException.class.isAssignableFrom(type)
        || UnknownHostException.class.isAssignableFrom(type)
        || SSLException.class.isAssignableFrom(type)) {
      return "network_error";
    }
    return IOException.class.isAssignableFrom(type) ? "io_error" : "error";
  }

  private static @Nullable Class<?> load(String name) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (ClassLoader loader : new ClassLoader[] {context, ErrorTypes.class.getClassLoader()}) {
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError | SecurityException e) {
        // not known to this loader: try the next, then judge by the name
      }
    }
    return null;
  }
}
