// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.samples.Readme.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a user's Maven project made of the README's snippets, for {@code .ci/readme-project}: the
 * README's Maven blocks as its dependencies and build plugins, and every Java block as a source
 * (whole files as they are, fragments after the README's import block, as {@link
 * ReadmeSnippetsTest} compiles them).
 *
 * <pre>
 * java -cp samples/target/test-classes dev.flowmeter.samples.ReadmeProject README.md &lt;folder&gt;
 * </pre>
 */
public final class ReadmeProject {
  private ReadmeProject() {}

  public static void main(String[] args) throws Exception {
    Path readme = Path.of(args[0]);
    Path project = Files.createDirectories(Path.of(args[1]));
    List<Block> xml = Readme.blocks(readme, "xml");
    String dependencies =
        xml.stream()
            .filter(b -> b.text().startsWith("<dependency>"))
            .map(Block::text)
            .collect(Collectors.joining("\n"));
    String plugins =
        xml.stream()
            .filter(b -> b.text().startsWith("<plugin>"))
            .map(Block::text)
            .collect(Collectors.joining("\n"));
    if (dependencies.isEmpty() || plugins.isEmpty() || xml.size() != 2) {
      throw new IllegalStateException(
          "the README should have one <dependency> block and one <plugin> block, not " + xml);
    }
    String pom =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>readme-project</artifactId>
          <version>1</version>
          <properties>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <maven.compiler.release>17</maven.compiler.release>
          </properties>
          <dependencies>
        %s
          </dependencies>
          <build>
            <plugins>
        %s
            </plugins>
          </build>
        </project>
        """
            .formatted(dependencies, plugins);
    Files.writeString(project.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    for (Path source : Readme.writeSources(readme, project.resolve("src/main/java")).keySet()) {
      System.out.println(project.relativize(source));
    }
  }
}
