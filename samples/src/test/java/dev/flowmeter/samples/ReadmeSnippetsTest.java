// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.samples.Readme.Block;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's snippets are what the build compiles and runs (issue 8: snippets that used names
 * they never defined, a Maven set-up that did not work as written).
 *
 * <ul>
 *   <li>Every Java block is a region of a sample (so the samples' tests run it), and every region
 *       is in the README: neither can change without the other.
 *   <li>Every Java block compiles as written, against the runtime alone, with the {@code @Tracked}
 *       processor on the processor path and every lint as an error: a whole file as it is, a
 *       fragment after the README's import block. A name a snippet uses but never defines fails.
 *   <li>Every whole file with a {@code main} runs.
 *   <li>The Maven and Gradle snippets name the coordinates this build makes, the compiler plugin
 *       version it uses, and the processor path the samples are built with.
 *   <li>The launcher names, the modules and the packages the README names exist.
 * </ul>
 */
final class ReadmeSnippetsTest {
  private static final Path README = Readme.path();
  private static final Path ROOT = Readme.root();

  @TempDir Path dir;

  @Test
  void javaBlocks_areTheSamplesRegions_andEveryRegionIsInTheReadme() {
    Map<String, String> regions = Readme.regions(ROOT.resolve("samples/src/main/java"));
    Set<String> shown = new HashSet<>();
    for (Block block : Readme.blocks(README, "java")) {
      if (block.isImports()) {
        continue; // the imports the fragments leave out: compiled with each of them below
      }
      List<String> names =
          regions.entrySet().stream()
              .filter(r -> r.getValue().equals(block.text()))
              .map(Map.Entry::getKey)
              .toList();
      assertThat(names)
          .as(
              "README line %d: a Java block that is no sample's // README: region (copy it from"
                  + " the sample, or change the sample):%n%s",
              block.line(), block.text())
          .hasSize(1);
      assertThat(shown.add(names.get(0)))
          .as("README line %d: region '%s' shown twice", block.line(), names.get(0))
          .isTrue();
    }
    assertThat(regions.keySet())
        .as("regions of the samples that the README does not show")
        .containsExactlyInAnyOrderElementsOf(shown);
  }

  @Test
  void javaBlocks_compileAsWritten_againstTheRuntime() throws Exception {
    Map<Path, Block> sources = Readme.writeSources(README, dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));

    List<String> problems = compile(sources, classes);

    assertThat(problems).isEmpty();
    assertThat(classes.resolve("StorageClient_Tracked.class")).exists(); // the processor ran
  }

  @Test
  void wholePrograms_run() throws Exception {
    Map<Path, Block> sources = Readme.writeSources(README, dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    assertThat(compile(sources, classes)).isEmpty();
    Path source = dir.resolve("data.bin");
    byte[] data = new byte[3 << 20];
    new Random(3).nextBytes(data);
    Files.write(source, data);
    Path target = dir.resolve("data.copy");
    Map<String, List<String>> arguments =
        Map.of("QuickStart", List.of(source.toString(), target.toString()));

    List<String> programs = new ArrayList<>();
    for (Block block : sources.values()) {
      if (block.isFile() && block.text().contains("public static void main(String[] args)")) {
        programs.add(block.publicType());
      }
    }
    assertThat(programs).contains("QuickStart", "DownloadSample");
    for (String program : programs) {
      String output = run(classes, program, arguments.getOrDefault(program, List.of()));
      assertThat(output).as(program).contains("completed");
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
  }

  @Test
  void mavenSnippets_nameWhatTheBuildMakesAndUses() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    String version = text(parent, "version");
    Set<String> artifacts = new HashSet<>();
    for (String module : children(parent, "modules", "module")) {
      artifacts.add(text(pom(ROOT.resolve(module).resolve("pom.xml")), "artifactId"));
    }
    String compilerPlugin =
        text(
            (Element) parent.getElementsByTagName("properties").item(0), "compiler-plugin.version");
    List<String> processorPath =
        coordinates(pom(ROOT.resolve("samples/pom.xml")), "path").stream()
            .map(c -> c.replace("${project.version}", version))
            .toList();

    List<Block> xml = Readme.blocks(README, "xml");
    assertThat(xml).isNotEmpty();
    List<String> dependencies = new ArrayList<>();
    List<Element> compilerPlugins = new ArrayList<>();
    for (Block block : xml) {
      Element snippet = parse("<snippet>" + block.text() + "</snippet>");
      dependencies.addAll(coordinates(snippet, "dependency"));
      NodeList plugins = snippet.getElementsByTagName("plugin");
      for (int i = 0; i < plugins.getLength(); i++) {
        Element plugin = (Element) plugins.item(i);
        if (text(plugin, "artifactId").equals("maven-compiler-plugin")) {
          compilerPlugins.add(plugin);
        }
      }
    }
    assertThat(dependencies).containsExactly("dev.flowmeter:flowmeter-runtime:" + version);
    assertThat(compilerPlugins)
        .singleElement()
        .satisfies(
            plugin -> {
              assertThat(text(plugin, "version"))
                  .as("the compiler plugin's version (Maven 3.8 picks 3.1 without one)")
                  .isEqualTo(compilerPlugin);
              assertThat(coordinates(plugin, "path")).isEqualTo(processorPath);
            });
    assertThat(processorPath)
        .allSatisfy(c -> assertThat(artifacts).contains(c.split(":")[1]))
        .isNotEmpty();

    Pattern gradle = Pattern.compile("'(dev\\.flowmeter):([a-z-]+):([^']+)'");
    List<String> gradleCoordinates = new ArrayList<>();
    for (Block block : Readme.blocks(README, "groovy")) {
      Matcher m = gradle.matcher(block.text());
      while (m.find()) {
        assertThat(artifacts).contains(m.group(2));
        assertThat(m.group(3)).isEqualTo(version);
        gradleCoordinates.add(m.group());
      }
    }
    assertThat(gradleCoordinates)
        .contains(
            "'dev.flowmeter:flowmeter-runtime:" + version + "'",
            "'dev.flowmeter:flowmeter-processor:" + version + "'");
  }

  @Test
  void launcherCommands_nameSamplesTheLauncherKnows() {
    Matcher command =
        Pattern.compile("flowmeter-samples\\.jar ([a-z]+(?:\\|[a-z]+)*)")
            .matcher(Readme.read(README));
    List<String> named = new ArrayList<>();
    while (command.find()) {
      named.addAll(List.of(command.group(1).split("\\|")));
    }
    assertThat(named).isNotEmpty();
    assertThat(Main.sampleNames()).containsAll(named);
  }

  /**
   * The "Where the code lives" table names every module and every runtime package, and each type it
   * names is in the package it says.
   */
  @Test
  void whereTheCodeLives_namesWhatExists() throws Exception {
    String readme = Readme.read(README);
    int start = readme.indexOf("## Where the code lives");
    assertThat(start).isPositive();
    String table = readme.substring(start, readme.indexOf("\n## ", start + 1));
    Set<String> modules = new HashSet<>();
    Set<String> packages = new HashSet<>();
    Pattern code = Pattern.compile("`([^`]+)`");
    for (String row : table.lines().filter(l -> l.startsWith("| `")).toList()) {
      String[] cells = row.split("\\|");
      List<String> where = all(code, cells[1]);
      String module = where.get(0);
      assertThat(ROOT.resolve(module).resolve("pom.xml")).as(row).exists();
      modules.addAll(where.stream().filter(w -> !w.contains(".")).toList());
      if (where.size() == 2 && where.get(1).startsWith("dev.flowmeter")) {
        packages.add(where.get(1));
        Path folder =
            ROOT.resolve(module).resolve("src/main/java").resolve(where.get(1).replace('.', '/'));
        assertThat(folder).as(row).isDirectory();
        for (String type : all(code, cells[2])) {
          String name = type.startsWith("@") ? type.substring(1) : type;
          if (name.matches("[A-Z][A-Za-z]+")) {
            assertThat(folder.resolve(name + ".java")).as(row).exists();
          }
        }
      }
    }
    assertThat(modules).containsAll(children(pom(ROOT.resolve("pom.xml")), "modules", "module"));
    try (var runtime = Files.list(ROOT.resolve("runtime/src/main/java/dev/flowmeter"))) {
      Set<String> expected =
          runtime
              .filter(Files::isDirectory)
              .map(p -> "dev.flowmeter." + p.getFileName())
              .collect(Collectors.toSet());
      expected.add("dev.flowmeter");
      assertThat(packages).containsAll(expected);
    }
  }

  /** Compiles {@code sources} as a strict user's build would; returns javac's complaints. */
  private static List<String> compile(Map<Path, Block> sources, Path classes) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options =
        List.of(
            "--release",
            "17",
            "-Xlint:all,-serial,-options",
            "-Werror",
            "-classpath",
            codeSource(Flowmeter.class),
            // the processor, and what it needs when it is its classes folder rather than its jar
            "-processorpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString());
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources.keySet()))
              .call();
      List<String> problems = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.NOTE) {
          continue;
        }
        Path file = d.getSource() == null ? null : Path.of(d.getSource().toUri());
        Block block = file == null ? null : sources.get(file);
        problems.add(
            (block == null ? "javac" : "README line " + readmeLine(block, file, d.getLineNumber()))
                + ": "
                + d.getMessage(null));
      }
      if (!ok && problems.isEmpty()) {
        problems.add("javac failed");
      }
      return problems;
    }
  }

  /** The README line of line {@code line} of {@code file}, written from {@code block}. */
  private static long readmeLine(Block block, Path file, long line) {
    String source = Readme.read(file);
    int offset = source.indexOf(block.text());
    long before = offset < 0 ? 0 : source.substring(0, offset).lines().count();
    return block.line() + line - 1 - before;
  }

  /** Runs {@code main} of {@code program} in a JVM of its own; returns what it printed. */
  private String run(Path classes, String program, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dflowmeter.sinks=console");
    command.add("-cp");
    command.add(classes + File.pathSeparator + codeSource(Flowmeter.class));
    command.add(program);
    command.addAll(args);
    Path output = Files.createTempFile(dir, program, ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOWMETER_"));
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(program + " did not end: " + Files.readString(output));
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(program + " printed:%n" + printed).isZero();
    return printed;
  }

  private static String codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static Element pom(Path file) throws Exception {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static Element parse(String xml) throws Exception {
    Document document =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
    return document.getDocumentElement();
  }

  /** The text of {@code element}'s direct child {@code name}, or "" when it has none. */
  private static String text(Element element, String name) {
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return "";
  }

  private static List<String> children(Element element, String list, String name) {
    List<String> values = new ArrayList<>();
    NodeList lists = element.getElementsByTagName(list);
    for (int i = 0; i < lists.getLength(); i++) {
      NodeList items = ((Element) lists.item(i)).getElementsByTagName(name);
      for (int j = 0; j < items.getLength(); j++) {
        values.add(items.item(j).getTextContent().trim());
      }
    }
    return values;
  }

  /** {@code groupId:artifactId:version} of every {@code tag} element under {@code element}. */
  private static List<String> coordinates(Element element, String tag) {
    List<String> found = new ArrayList<>();
    NodeList nodes = element.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      found.add(text(e, "groupId") + ":" + text(e, "artifactId") + ":" + text(e, "version"));
    }
    return found;
  }
}
