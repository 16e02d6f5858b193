// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A transfer's name as literal text and parameter placeholders: the parsed {@code name} of
 * {@code @Tracked} (such as {@code "upload {file} to {host}"}), or the default name.
 *
 * <p>The template's grammar: {@code {param}}, a parameter's name in braces, is replaced by the
 * argument's {@code toString()}; <code>&#123;&#123;</code> is a literal <code>&#123;</code> and
 * <code>&#125;&#125;</code> a literal <code>&#125;</code>, so {@code "{{param}}"} shows {@code
 * {param}} as text; any other brace (one not around a Java identifier: {@code {}}, {@code { x }},
 * {@code {1}}, or left unclosed) is literal text as written. A placeholder naming no parameter is a
 * {@link Problem}; the agent, which cannot refuse to run, keeps its text as written.
 *
 * <p>The name of a call is made by {@code dev.flowmeter.internal.TrackedCall.name(Object...)} from
 * {@link #pieces}, on both doors: that is where a {@code toString()} that throws or returns null,
 * and a name too long, are dealt with, once, so that this module stays free of the runtime.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time. Immutable, so thread-safe.
 */
public final class NameTemplate {
  /** One piece of a name: literal text, or the argument of a parameter. */
  public static final class Part {
    private final String text;
    private final int parameter;

    Part(String text, int parameter) {
      this.text = text;
      this.parameter = parameter;
    }

    /** Whether this part is the argument of a parameter (else literal text). */
    public boolean isParameter() {
      return parameter >= 0;
    }

    /** The literal text, or the parameter's name. */
    public String text() {
      return text;
    }

    /** The parameter's index, or -1 for literal text. */
    public int parameter() {
      return parameter;
    }
  }

  private final List<Part> parts;

  private NameTemplate(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** The parts in order; adjacent literal text is one part. Empty for an empty name. */
  public List<Part> parts() {
    return parts;
  }

  /**
   * The pieces of the name of a call with {@code args}, in order: each literal text as a {@code
   * String}, each placeholder's argument as it is ({@code null} for one missing from {@code args}).
   * Calls no {@code toString()}: {@code TrackedCall.name(Object...)} makes the name of them.
   */
  public @Nullable Object[] pieces(@Nullable Object[] args) {
    @Nullable Object[] pieces = new Object[parts.size()];
    for (int i = 0; i < pieces.length; i++) {
      Part part = parts.get(i);
      if (part.isParameter()) {
        pieces[i] = part.parameter < args.length ? args[part.parameter] : null;
      } else {
        pieces[i] = part.text;
      }
    }
    return pieces;
  }

  /** The default name: the label, then the argument of parameter {@code where} if it is >= 0. */
  static NameTemplate labelled(String label, int where, String whereName) {
    List<Part> parts = new ArrayList<>();
    if (where < 0) {
      parts.add(new Part(label, -1));
    } else {
      parts.add(new Part(label + " ", -1));
      parts.add(new Part(whereName, where));
    }
    return new NameTemplate(parts);
  }

  /**
   * Parses {@code template} written on a method with {@code parameters}, adding a {@link Problem}
   * for each placeholder that names no parameter (kept as literal text).
   */
  static NameTemplate parse(
      String template, List<MethodShape.Parameter> parameters, List<Problem> problems) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < n && template.charAt(i + 1) == c) {
        literal.append(c); // an escaped brace
        i += 2;
        continue;
      }
      int close = c == '{' ? template.indexOf('}', i + 1) : -1;
      if (close < 0 || !isIdentifier(template.substring(i + 1, close))) {
        literal.append(c); // any other brace, and all other text
        i++;
        continue;
      }
      String name = template.substring(i + 1, close);
      int index = indexOf(parameters, name);
      if (index < 0) {
        problems.add(unknownParameter(template, name, parameters));
        literal.append(template, i, close + 1);
      } else {
        if (literal.length() > 0) {
          parts.add(new Part(literal.toString(), -1));
          literal.setLength(0);
        }
        parts.add(new Part(name, index));
      }
      i = close + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), -1));
    }
    return new NameTemplate(parts);
  }

  private static Problem unknownParameter(
      String template, String name, List<MethodShape.Parameter> parameters) {
    String prefix = "@Tracked(name = \"" + template + "\") names ";
    if (!TrackedPlan.namesKnown(parameters)) {
      return new Problem(
          prefix
              + "parameter '"
              + name
              + "', but the class file does not record parameter names. Compile with -parameters"
              + " or -g.",
          Problem.Where.NAME,
          -1);
    }
    String example = parameters.isEmpty() ? "file" : parameters.get(0).name();
    return new Problem(
        prefix
            + "unknown parameter '"
            + name
            + "' (parameters: "
            + TrackedPlan.names(parameters)
            + "). Write a parameter's name in braces, e.g. {"
            + example
            + "}, or double the braces, {{"
            + name
            + "}}, to show them as text.",
        Problem.Where.NAME,
        -1);
  }

  static int indexOf(List<MethodShape.Parameter> parameters, String name) {
    for (int i = 0; i < parameters.size(); i++) {
      if (name.equals(parameters.get(i).name())) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.codePointAt(0))) {
      return false;
    }
    for (int i = Character.charCount(s.codePointAt(0)); i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!Character.isJavaIdentifierPart(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
