// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hooked JDK class that loads after the agent is in place is woven as it loads, and the program
 * sees nothing of it. On JDK 25, computing the woven {@code HttpClientImpl}'s frames asked the
 * platform class loader for {@code HttpClientImpl} itself while the JVM was defining it, and {@code
 * HttpClient.newHttpClient()} threw {@code LinkageError: loader 'platform' attempted duplicate
 * class definition} in the program, with the default settings.
 */
final class FirstLoadTest {
  @TempDir Path temp;

  @Test
  void httpClientLoadedAfterTheAgent_isBuiltAsWithout() throws Exception {
    Path dir = temp.toRealPath();
    Forked without = Forked.run(dir, null, Forked.classPath(), FirstLoadProgram.class.getName());
    Forked agent = Forked.run(dir, "", Forked.classPath(), FirstLoadProgram.class.getName());
    assertThat(agent.exit).as(agent.err).isEqualTo(without.exit).isZero();
    assertThat(agent.out).isEqualTo(without.out).isEqualTo("client built" + System.lineSeparator());
    assertThat(agent.err).isEmpty();
  }
}
