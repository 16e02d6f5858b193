// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.internal.TrackedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class NameTemplateTest {
  private static final List<MethodShape.Parameter> KEY_HOST =
      List.of(
          new MethodShape.Parameter("key", "java.lang.String", false),
          new MethodShape.Parameter("host", "java.lang.String", false));

  /** The name of a call with {@code args}, as both doors make it. */
  static String name(NameTemplate template, Object... args) {
    return TrackedCall.name(template.pieces(args));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "upload {key} to {host} | upload k to h",
        "{key}{host}            | kh",
        "{{key}}                | {key}",
        "{{{key}}}              | {k}",
        "{{}}                   | {}",
        "a}b}}c                 | a}b}c",
        "{} { key } {1} {key    | {} { key } {1} {key",
        "`{key`                 | `{key`",
        "`}`                    | `}`",
        "plain                  | plain",
      })
  void name_followsTheGrammar(String template, String expected) {
    List<Problem> problems = new ArrayList<>();
    NameTemplate name = NameTemplate.parse(template, KEY_HOST, problems);
    assertThat(name(name, "k", "h")).isEqualTo(expected);
    assertThat(problems).isEmpty();
  }

  @Test
  void parts_literalTextIsOnePartBetweenPlaceholders() {
    NameTemplate name = NameTemplate.parse("{{a}} {key}!", KEY_HOST, new ArrayList<>());
    assertThat(name.parts())
        .extracting(p -> p.isParameter() + ":" + p.text() + ":" + p.parameter())
        .containsExactly("false:{a} :-1", "true:key:0", "false:!:-1");
  }

  @Test
  void name_usesToStringOfEveryArgument() {
    NameTemplate name = NameTemplate.parse("{key}/{host}", KEY_HOST, new ArrayList<>());
    assertThat(name(name, null, 7)).isEqualTo("null/7");
    char[] chars = {'a'};
    assertThat(name(name, chars, 1)).isEqualTo(chars + "/1");
  }

  @Test
  void pieces_areTheTextAndTheArgumentsThemselves() {
    NameTemplate name = NameTemplate.parse("{key} to {host}", KEY_HOST, new ArrayList<>());
    Object key =
        new Object() {
          @Override
          public String toString() {
            throw new AssertionError("pieces must not call toString()");
          }
        };
    assertThat(name.pieces(new Object[] {key, null})).containsExactly(key, " to ", null);
    assertThat(name.pieces(new Object[] {key})).containsExactly(key, " to ", null);
  }

  @Test
  void unknownParameter_isProblemAndKeptAsWritten() {
    List<Problem> problems = new ArrayList<>();
    NameTemplate name = NameTemplate.parse("send {kye} now", KEY_HOST, problems);
    assertThat(name(name, "k", "h")).isEqualTo("send {kye} now");
    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.where()).isEqualTo(Problem.Where.NAME))
        .extracting(Problem::message)
        .isEqualTo(
            "@Tracked(name = \"send {kye} now\") names unknown parameter 'kye' (parameters: key,"
                + " host). Write a parameter's name in braces, e.g. {key}, or double the braces,"
                + " {{kye}}, to show them as text.");
  }

  @Test
  void unknownParameterNames_problemSaysHowToCompile() {
    List<Problem> problems = new ArrayList<>();
    NameTemplate.parse(
        "send {key}",
        List.of(new MethodShape.Parameter(null, "java.lang.String", false)),
        problems);
    assertThat(problems)
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .contains("names parameter 'key'", "does not record parameter names", "-parameters or -g");
  }

  @Test
  void unicodeIdentifier_isPlaceholder() {
    NameTemplate name =
        NameTemplate.parse(
            "{gr\u00f6\u00dfe}",
            List.of(new MethodShape.Parameter("gr\u00f6\u00dfe", "int", false)),
            new ArrayList<>());
    assertThat(name(name, 3)).isEqualTo("3");
  }
}
