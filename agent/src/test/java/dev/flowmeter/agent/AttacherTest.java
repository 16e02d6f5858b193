// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher jar that {@code attach} hands the target instead of the agent jar. */
final class AttacherTest {
  @TempDir Path dir;

  @Test
  void launcherJar_namesTheAgentByItsAbsolutePathAndHoldsNoClass() throws Exception {
    Path agent = Files.createDirectories(dir.resolve("my agents")).resolve("fm agent.jar");
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Agent-Class", "dev.flowmeter.agent.FlowmeterAgent");
    main.putValue("Main-Class", "dev.flowmeter.agent.FlowmeterAgent");
    main.putValue("Boot-Class-Path", "flowmeter-agent.jar flowmeter-agent-0.1.0-SNAPSHOT.jar");
    main.putValue("Can-Retransform-Classes", "true");
    try (OutputStream out = Files.newOutputStream(agent);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.finish();
    }

    Path launcher = Attacher.launcherJar(agent.toFile());

    assertThat(launcher).isNotNull().hasFileName("fm agent.jar");
    try (JarFile jar = new JarFile(launcher.toFile())) {
      Attributes a = jar.getManifest().getMainAttributes();
      String uri = new File(agent.toString()).toURI().toString();
      assertThat(a.getValue("Boot-Class-Path"))
          .isEqualTo(agent.toUri().getRawPath())
          .contains("my%20agents/fm%20agent.jar")
          .doesNotContain(" ");
      assertThat(a.getValue("Class-Path")).isEqualTo(uri);
      assertThat(a.getValue("Agent-Class")).isEqualTo("dev.flowmeter.agent.FlowmeterAgent");
      assertThat(a.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(a.getValue("Main-Class")).isNull();
      assertThat(Collections.list(jar.entries()))
          .extracting(e -> e.getName())
          .containsExactly("META-INF/MANIFEST.MF");
    } finally {
      Files.delete(launcher);
      Files.delete(launcher.getParent());
    }
  }
}
