// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.Diagnostics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensFileTest {
  private static final String KEY = "flowmeter.sink.http.tokens";
  private static final String ALICE = "alice-secret-0123456789";
  private static final String BOB = "bob-secret-0123456789ab";
  private static final String OPS = "ops-secret-0123456789abc";

  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("tokens"), text, StandardCharsets.UTF_8);
  }

  private Tokens read(Path file) {
    Tokens.Builder tokens = new Tokens.Builder();
    TokensFile.read(KEY, file.toString(), tokens);
    return tokens.build();
  }

  /** The problem of reading {@code text}; its message never contains a token of the file. */
  private ConfigException problem(String text) throws IOException {
    Path file = file(text);
    ConfigException e = catchThrowableOfType(() -> read(file), ConfigException.class);
    assertThat(e).as("a ConfigException").isNotNull();
    assertThat(e.key()).isEqualTo(KEY);
    assertThat(e.value()).isEqualTo(file.toString());
    assertThat(e.getMessage()).startsWith(KEY + ": '" + file + "' ");
    assertNoSecretIn(e);
    return e;
  }

  private static void assertNoSecretIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain("secret")
          .doesNotContain("0123456789");
    }
  }

  @Test
  void eachLineMapsATokenToItsUserAndAdminRole() throws IOException {
    Tokens tokens =
        read(
            file(
                "# token user [admin]\n"
                    + "\n"
                    + ALICE
                    + " alice\n"
                    + "   \t\n"
                    + "  # an indented comment\n"
                    + BOB
                    + "\tbob\n"
                    + "  "
                    + OPS
                    + "   ops   admin  \n"));

    assertThat(tokens.size()).isEqualTo(3);
    assertThat(tokens.find(ALICE)).contains(new Caller("alice", false));
    assertThat(tokens.find(BOB)).contains(new Caller("bob", false));
    assertThat(tokens.find(OPS)).contains(new Caller("ops", true));
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndsAreRead() throws IOException {
    Tokens tokens = read(file("\uFEFF" + ALICE + " alice\r\n" + BOB + " bob\r\n"));

    assertThat(tokens.find(ALICE)).contains(new Caller("alice", false));
    assertThat(tokens.find(BOB)).contains(new Caller("bob", false));
  }

  @Test
  void oneUserMayHaveTwoTokens() throws IOException {
    Tokens tokens = read(file(ALICE + " alice\n" + BOB + " alice\n"));

    assertThat(tokens.find(BOB)).contains(new Caller("alice", false));
  }

  @Test
  void aLineWithOneFieldNamesItsNumber() throws IOException {
    assertThat(problem("# tokens\n" + ALICE + " alice\n" + BOB + "\n"))
        .hasMessageContaining("line 3: expected '<token> <user>' or '<token> <user> admin'")
        .hasMessageContaining("found 1 field");
  }

  @Test
  void aLineWithFourFieldsIsMalformed() throws IOException {
    assertThat(problem(ALICE + " alice admin extra\n")).hasMessageContaining("line 1: expected");
  }

  @Test
  void aThirdFieldOtherThanAdminIsMalformed() throws IOException {
    assertThat(problem(ALICE + " alice root\n"))
        .hasMessageContaining("line 1: expected")
        .hasMessageContaining("the third field is not 'admin'");
  }

  @Test
  void aShortTokenIsRefusedWithItsLengthNeverItsText() throws IOException {
    assertThat(problem(ALICE + " alice\nsecret-1234 bob\n"))
        .hasMessageContaining("line 2: the token is too short: 11 characters")
        .hasMessageContaining("at least 16");
  }

  @Test
  void aTokenABearerHeaderCannotCarryIsRefused() throws IOException {
    assertThat(problem("\"secret-0123456789\" alice\n"))
        .hasMessageContaining("line 1: the token has a character");
  }

  @Test
  void aRepeatedTokenNamesBothLines() throws IOException {
    assertThat(problem(ALICE + " alice\n" + BOB + " bob\n" + ALICE + " carol admin\n"))
        .hasMessageContaining("line 3: the same token as line 1");
  }

  @Test
  void aFileWithoutTokensIsRefused() throws IOException {
    assertThat(problem("# nothing yet\n\n")).hasMessageContaining("has no token");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("missing");
    ConfigException e = catchThrowableOfType(() -> read(missing), ConfigException.class);

    assertThat(e).hasMessage(KEY + ": '" + missing + "' cannot be read (no such file)");
  }

  @Test
  void aDirectoryIsNotATokensFile() {
    ConfigException e = catchThrowableOfType(() -> read(dir), ConfigException.class);

    assertThat(e).hasMessageContaining("is not a regular file");
  }

  @Test
  void anUnreadableFileIsNamed() throws IOException {
    Path file = file(ALICE + " alice\n");
    assertThat(file.toFile().setReadable(false, false)).isTrue();
    assumeFalse(Files.isReadable(file), "the tests run as a user who reads every file");

    ConfigException e = catchThrowableOfType(() -> read(file), ConfigException.class);

    assertThat(e).hasMessageContaining("cannot be read (AccessDeniedException");
    assertNoSecretIn(e);
  }

  @Test
  void aFileOtherUsersCanReadIsSaidOnceAndStillRead() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path open = file(ALICE + " alice\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Path closed = Files.writeString(dir.resolve("private"), BOB + " bob\n");
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rw-------"));
    Diagnostics.reset();

    read(closed);
    assertThat(Diagnostics.printed()).isEmpty();
    read(open);
    read(open);

    assertThat(Diagnostics.printed())
        .containsExactly(
            "flowmeter: "
                + KEY
                + ": '"
                + open
                + "' can be read by other users; make it private: chmod 600 "
                + open);
  }

  @Test
  void aFileThatIsNotUtf8OrTooLargeIsRefused() throws IOException {
    Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'c', (byte) 0xe9, '\n'});
    assertThat(catchThrowableOfType(() -> read(latin1), ConfigException.class))
        .hasMessageContaining("is not UTF-8 text");

    Path large = file((ALICE + " alice\n").repeat(TokensFile.MAX_BYTES / 20));
    assertThat(catchThrowableOfType(() -> read(large), ConfigException.class))
        .hasMessageContaining("is larger than 1 MiB");
  }
}
