// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the provider accepts and refuses, before any database is reached. */
final class JdbcSinkProviderTest {
  @TempDir Path dir;

  @Test
  void provider_isFoundByName_withItsOptionsDeclared() {
    SinkProvider provider =
        ServiceLoader.load(SinkProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("jdbc"))
            .findFirst()
            .orElseThrow();
    assertThat(provider.usage()).isEqualTo("jdbc:<jdbc-url>");
    assertThat(provider.options())
        .containsExactlyInAnyOrder(
            "interval", "user", "password-env", "password-file", "buffer", "retry", "timeout");
  }

  @Test
  void create_connectsToNothing_soADatabaseDownAtStartDelaysNothing() throws Exception {
    ProgressSink sink = create(context("jdbc:postgresql://127.0.0.1:1/none"));
    assertThat(((JdbcSink) sink).attempts()).isZero();
  }

  @Test
  void missingOrForeignUrl_isAConfigException_namingTheSpec() {
    assertThatThrownBy(() -> create(SinkContext.builder("jdbc")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jdbc:<jdbc-url>");
    assertThatThrownBy(() -> create(context("sqlite:transfers.db")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'jdbc:sqlite:transfers.db'")
        .hasMessageContaining("is not a JDBC URL");
    assertThatThrownBy(() -> create(context("jdbc:nosuchdb://h/d?password=hunter2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no JDBC driver takes this URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void password_comesFromAVariableOrAFile_neverBoth() throws Exception {
    assertThatThrownBy(
            () ->
                create(
                    context("jdbc:postgresql://127.0.0.1/d")
                        .option("password-env", "FLOWMETER_TEST_NO_SUCH_VARIABLE_42")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.jdbc.password-env")
        .hasMessageContaining("no such environment variable");
    Path file = Files.writeString(dir.resolve("pw"), "secret\n");
    assertThatThrownBy(
            () ->
                create(
                    context("jdbc:postgresql://127.0.0.1/d")
                        .option("password-env", "PATH")
                        .option("password-file", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                create(
                    context("jdbc:postgresql://127.0.0.1/d")
                        .option("password-file", dir.resolve("missing").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot be read");
    assertThat(
            create(
                context("jdbc:postgresql://127.0.0.1/d").option("password-file", file.toString())))
        .isInstanceOf(JdbcSink.class);
  }

  @Test
  void malformedNumbers_areConfigExceptions_namingTheKey() {
    assertThatThrownBy(() -> create(context("jdbc:sqlite:x.db").option("buffer", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.jdbc.buffer");
    assertThatThrownBy(() -> create(context("jdbc:sqlite:x.db").option("timeout", "1ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.jdbc.timeout");
  }

  @Test
  void urls_havePasswordsMasked() {
    assertThat(JdbcUrls.mask("jdbc:postgresql://db/app?user=u&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/app?user=u&password=***&ssl=true");
    assertThat(JdbcUrls.mask("jdbc:postgresql://u:hunter2@db:5432/app"))
        .isEqualTo("jdbc:postgresql://u:***@db:5432/app");
    assertThat(JdbcUrls.mask("jdbc:sqlserver://db;user=u;Password=hunter2;encrypt=true"))
        .isEqualTo("jdbc:sqlserver://db;user=u;Password=***;encrypt=true");
    assertThat(JdbcUrls.mask("jdbc:sqlite:/tmp/a:b@c.db")).isEqualTo("jdbc:sqlite:/tmp/a:b@c.db");
  }

  private SinkContext.Builder context(String url) {
    return SinkContext.builder("jdbc").argument(url);
  }

  private static ProgressSink create(SinkContext.Builder context) throws Exception {
    return new JdbcSinkProvider().create(context.build());
  }
}
