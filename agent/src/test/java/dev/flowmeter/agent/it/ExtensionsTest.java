// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.Flowmeter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that exists only in a jar named by {@code flowmeter.extensions} (compiled here, so it is
 * on no class path of the application) is found and used by the agent.
 */
final class ExtensionsTest {
  private static final String PROVIDER =
      String.join(
          "\n",
          "package ext;",
          "import dev.flowmeter.ProgressEvent;",
          "import dev.flowmeter.sink.*;",
          "import java.io.*;",
          "public final class MarkerSinkProvider implements SinkProvider {",
          "  public String name() { return \"marker\"; }",
          "  public ProgressSink create(SinkContext context) throws IOException {",
          "    PrintWriter out = new PrintWriter(new FileWriter(context.requireArgument(\"marker:<file>\")));",
          "    return new ProgressSink() {",
          "      public void onEvent(ProgressEvent e) {",
          "        if (e.isFinal()) out.println(\"marker \" + e.name() + \" \" + e.status() + \" \" + e.bytes());",
          "      }",
          "      public void flush() { out.flush(); }",
          "      public void close() { out.close(); }",
          "    };",
          "  }",
          "}");

  @TempDir Path dir;

  @Test
  void sinkOnlyInAnExtensionJar_isFoundAndUsed() throws Exception {
    Path jar = extensionJar();
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[3 * 1024 * 1024]);
    Path marks = dir.resolve("marks.txt");

    Forked agent = copy(source, "flowmeter.sinks=marker:" + marks + ";flowmeter.extensions=" + jar);

    assertThat(agent.exit).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(Files.readAllLines(marks)).contains("marker " + source + " completed 3145728");
  }

  @Test
  void sameSinkWithoutTheExtension_isOneLineNamingIt() throws Exception {
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[16]);
    Forked agent =
        copy(
            source,
            // waits for the installation, which reports the unknown sink, before main runs
            "flowmeter.sinks=marker:" + dir.resolve("marks.txt") + ";flowmeter.agent.wait=true");

    assertThat(agent.exit).isZero();
    assertThat(agent.agentLines()).isEmpty();
    assertThat(agent.runtimeLines()).singleElement().asString().contains("unknown sink 'marker'");
  }

  /**
   * An extension's sink and the agent's bundled http sink run together: the tracker is made with a
   * class loader that finds the sinks of both.
   */
  @Test
  void extensionBesideTheBundledHttpSink_bothRun() throws Exception {
    Path jar = extensionJar();
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[3 * 1024 * 1024]);
    Path marks = dir.resolve("marks.txt");

    Forked agent =
        copy(source, "flowmeter.sinks=marker:" + marks + ",http:0;flowmeter.extensions=" + jar);

    assertThat(agent.exit).isZero();
    assertThat(agent.err).startsWith("Flowmeter: progress at http://127.0.0.1:");
    assertThat(agent.runtimeLines()).isEmpty();
    assertThat(Files.readAllLines(marks)).contains("marker " + source + " completed 3145728");
  }

  /**
   * A file that is not a jar is a mistake said in one line, as a missing one is; before, it was
   * taken silently, and the sinks the user meant to add were simply not there.
   */
  @Test
  void fileThatIsNotAJar_isOneLineNamingIt() throws Exception {
    Path notAJar = dir.resolve("sinks.txt");
    Files.writeString(notAJar, "not a jar", StandardCharsets.UTF_8);
    Path source = dir.resolve("source.bin");
    Files.write(source, new byte[16]);
    Forked agent = copy(source, "flowmeter.sinks=none;flowmeter.extensions=" + notAJar);

    assertThat(agent.exit).isZero();
    assertThat(agent.agentLines())
        .singleElement()
        .asString()
        .contains(
            "flowmeter.extensions: '" + notAJar + "' names '" + notAJar + "', which is not a jar");
  }

  /** Runs {@link CopyProgram} on {@code source} under the agent with {@code agentArguments}. */
  private Forked copy(Path source, String agentArguments) throws Exception {
    return Forked.run(
        dir,
        agentArguments,
        Forked.classPath(),
        CopyProgram.class.getName(),
        source.toString(),
        source.toString(),
        dir.resolve("target.bin").toString());
  }

  /** Compiles the provider against the runtime and packs it with its service registration. */
  private Path extensionJar() throws Exception {
    Path src = dir.resolve("src/ext/MarkerSinkProvider.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, PROVIDER, StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path runtime =
        Path.of(Flowmeter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null, null, null, "-cp", runtime.toString(), "-d", classes.toString(), src.toString());
    assertThat(status).isZero();
    Path jar = dir.resolve("marker-sink.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Path file :
          List.of(
              Path.of("ext", "MarkerSinkProvider.class"),
              Path.of("ext", "MarkerSinkProvider$1.class"))) {
        out.putNextEntry(new JarEntry(file.toString().replace('\\', '/')));
        out.write(Files.readAllBytes(classes.resolve(file)));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/dev.flowmeter.sink.SinkProvider"));
      out.write("ext.MarkerSinkProvider\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}
