// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The README's fenced code blocks, and the regions of the samples' sources they are copied from.
 *
 * <p>A region is the lines between {@code // README: <name>} and {@code // README: end} in a file
 * under {@code samples/src/main/java}, less their common indentation. A Java block of the README is
 * one of three kinds: a whole file (it has {@code import} lines; compiled as it is), the import
 * block (only {@code import} lines: what the other snippets leave out), or a fragment (methods, or
 * statements, compiled inside a class after the import block).
 */
final class Readme {
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "(?m)^public (?:final |abstract )*(?:class|interface|record|enum) ([A-Za-z0-9_]+)");
  private static final Pattern MEMBER_START =
      Pattern.compile("^(?:/\\*\\*|@|public |protected |private |static |final |abstract |class )");

  private Readme() {}

  /** A fenced block: its language (empty when none is given), its text, its first line. */
  record Block(String language, String text, int line) {
    List<String> lines() {
      return text.lines().toList();
    }

    /** Whether this Java block is a whole file: it has {@code import} or {@code package} lines. */
    boolean isFile() {
      return lines().stream().anyMatch(l -> l.startsWith("import ") || l.startsWith("package "));
    }

    /** Whether this Java block holds {@code import} lines and nothing else. */
    boolean isImports() {
      return lines().stream().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("import "));
    }

    /** Whether this Java fragment declares members (methods, classes) rather than statements. */
    boolean isMembers() {
      return lines().stream()
          .filter(l -> !l.isBlank())
          .findFirst()
          .map(l -> MEMBER_START.matcher(l).find())
          .orElse(false);
    }

    /** The public type a whole-file block declares. */
    String publicType() {
      Matcher type = PUBLIC_TYPE.matcher(text);
      if (!type.find()) {
        throw new IllegalStateException(
            "README line " + line + ": the file declares no public type");
      }
      return type.group(1);
    }
  }

  /** The README at the root of the repository (the samples' tests run in {@code samples/}). */
  static Path path() {
    Path here = Path.of("README.md");
    return Files.exists(here) ? here : Path.of("..", "README.md");
  }

  /** The repository's root folder. */
  static Path root() {
    return path().toAbsolutePath().getParent();
  }

  /** Every fenced block of the README at {@code readme}, in order. */
  static List<Block> blocks(Path readme) {
    List<String> lines = read(readme).lines().toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("```")) {
        continue;
      }
      String language = line.substring(3).trim();
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).equals("```")) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalStateException("README line " + (i + 1) + ": the block is not closed");
      }
      blocks.add(new Block(language, String.join("\n", lines.subList(start, end)), start + 1));
      i = end;
    }
    return blocks;
  }

  /** The blocks in {@code language}. */
  static List<Block> blocks(Path readme, String language) {
    return blocks(readme).stream().filter(b -> b.language().equals(language)).toList();
  }

  /**
   * Writes each Java block of the README at {@code readme} as a source file in {@code src}: a whole
   * file as it is, named after its public type; a fragment after the README's import block, in a
   * class of its own ({@code Snippet<n>Line<line>}), its statements (if it is no methods) in a
   * method. Returns the block of each file.
   */
  static Map<Path, Block> writeSources(Path readme, Path src) throws IOException {
    Files.createDirectories(src);
    List<Block> java = blocks(readme, "java");
    List<Block> imports = java.stream().filter(Block::isImports).toList();
    if (imports.size() != 1) {
      throw new IllegalStateException("the README needs one import block, not " + imports.size());
    }
    String preamble = imports.get(0).text();
    Map<Path, Block> sources = new LinkedHashMap<>();
    int fragment = 0;
    for (Block block : java) {
      if (block.isImports()) {
        continue;
      }
      Path file;
      String source;
      if (block.isFile()) {
        file = src.resolve(block.publicType() + ".java");
        source = block.text();
      } else {
        String name = "Snippet" + ++fragment + "Line" + block.line();
        file = src.resolve(name + ".java");
        String body =
            block.isMembers()
                ? block.text()
                : "void run() throws Exception {\n" + block.text() + "\n}";
        source = preamble + "\n\nclass " + name + " {\n" + body + "\n}\n";
      }
      if (sources.containsKey(file)) {
        throw new IllegalStateException("README line " + block.line() + ": a second " + file);
      }
      Files.writeString(file, source + (source.endsWith("\n") ? "" : "\n"), StandardCharsets.UTF_8);
      sources.put(file, block);
    }
    return sources;
  }

  /** Every {@code // README: <name>} region of the Java sources under {@code sources}, by name. */
  static Map<String, String> regions(Path sources) {
    Map<String, String> regions = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      List<String> lines = read(file).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String marker = lines.get(i).trim();
        if (!marker.startsWith("// README: ") || marker.equals("// README: end")) {
          continue;
        }
        String name = marker.substring("// README: ".length());
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).trim().equals("// README: end")) {
          end++;
        }
        if (end == lines.size()) {
          throw new IllegalStateException(file + ": region '" + name + "' has no end");
        }
        if (regions.put(name, dedent(lines.subList(i + 1, end))) != null) {
          throw new IllegalStateException(file + ": a second region named '" + name + "'");
        }
        i = end;
      }
    }
    return regions;
  }

  /** {@code lines} less their common indentation, without leading or trailing blank lines. */
  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    String text =
        lines.stream()
            .map(l -> l.isBlank() ? "" : l.substring(indent))
            .collect(Collectors.joining("\n"));
    return text.strip().isEmpty() ? "" : text.replaceAll("^\n+", "").replaceAll("\n+$", "");
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
