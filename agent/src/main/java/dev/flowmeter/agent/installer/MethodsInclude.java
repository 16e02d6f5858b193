// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.ConfigKeys;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code flowmeter.methods.include}: {@code com.acme.Uploader[upload,send];com.acme.
 * Client[download]}, classes separated by {@code ;}, each with its method names in brackets.
 *
 * <p>Immutable once parsed; a malformed value is a {@link ConfigException} naming key, value and
 * the grammar.
 */
final class MethodsInclude {
  static final String KEY = ConfigKeys.METHODS_INCLUDE;
  private static final String GRAMMAR =
      "accepted: Class[method,method];Class[method], e.g. com.acme.Uploader[upload,send]";
  private static final String NAME = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";
  private static final Pattern CLASS =
      Pattern.compile("\\s*(" + NAME + "(?:[.$]" + NAME + ")*)\\s*\\[([^\\]]*)\\]\\s*");
  private static final Pattern METHOD = Pattern.compile("\\s*(" + NAME + ")\\s*");

  /** Method names by internal class name ({@code com/acme/Uploader}). */
  final Map<String, Set<String>> methods;

  private MethodsInclude(Map<String, Set<String>> methods) {
    this.methods = Collections.unmodifiableMap(methods);
  }

  static MethodsInclude parse(String value) {
    Map<String, Set<String>> methods = new HashMap<>();
    if (value == null || value.isBlank()) {
      return new MethodsInclude(methods);
    }
    for (String part : value.split(";", -1)) {
      if (part.isBlank()) {
        continue;
      }
      Matcher m = CLASS.matcher(part);
      if (!m.matches()) {
        throw malformed(value, "has a malformed entry '" + part.trim() + "'");
      }
      Set<String> names =
          methods.computeIfAbsent(m.group(1).replace('.', '/'), k -> new LinkedHashSet<>());
      for (String method : m.group(2).split(",", -1)) {
        Matcher n = METHOD.matcher(method);
        if (!n.matches()) {
          throw malformed(value, "has a malformed method name '" + method.trim() + "'");
        }
        names.add(n.group(1));
      }
    }
    return new MethodsInclude(methods);
  }

  private static ConfigException malformed(String value, String problem) {
    return new ConfigException(KEY, value, problem + " (" + GRAMMAR + ")");
  }

  boolean isEmpty() {
    return methods.isEmpty();
  }
}
