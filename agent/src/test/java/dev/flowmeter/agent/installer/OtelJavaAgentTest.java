// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class OtelJavaAgentTest {
  @TempDir Path dir;

  @Test
  void jarPath_isTheArgumentUpToItsOptions() {
    assertThat(OtelJavaAgent.jarPath("-javaagent:/opt/otel.jar")).isEqualTo("/opt/otel.jar");
    assertThat(OtelJavaAgent.jarPath("-javaagent:/opt/a.jar=flowmeter.sinks=otel"))
        .isEqualTo("/opt/a.jar");
  }

  @Test
  void isOtelJavaAgent_readsThePremainClass_whateverTheJarIsCalled() throws IOException {
    assertThat(OtelJavaAgent.isOtelJavaAgent(jar("renamed.jar", OtelJavaAgent.PREMAIN_CLASS)))
        .isTrue();
    assertThat(OtelJavaAgent.isOtelJavaAgent(jar("opentelemetry-javaagent.jar", "com.acme.Agent")))
        .isFalse();
    assertThat(OtelJavaAgent.isOtelJavaAgent(dir.resolve("missing.jar").toString())).isFalse();
  }

  @Test
  void attached_notInThisJvm() {
    assertThat(OtelJavaAgent.attached()).isFalse();
  }

  @Test
  void bundles_onlyForTheSinksThatNeedThem() {
    assertThat(Bundle.forSinks(Set.of("console", "csv"))).isEmpty();
    assertThat(Bundle.forSinks(Set.of("http")).toString())
        .isEqualTo("[Bundle(flowmeter-sinks [inst/http/, inst/otel/])]");
    assertThat(Bundle.forSinks(Set.of("prometheus")).toString())
        .isEqualTo("[Bundle(flowmeter-sinks [inst/otel/])]");
    // without the OpenTelemetry Java agent, the otel sink starts an SDK of its own: no otel-api
    assertThat(Bundle.forSinks(Set.of("otel", "console")).toString())
        .isEqualTo("[Bundle(flowmeter-sinks [inst/otel/])]");
  }

  private String jar(String name, String premainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", premainClass);
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // a manifest alone
    }
    return jar.toString();
  }
}
