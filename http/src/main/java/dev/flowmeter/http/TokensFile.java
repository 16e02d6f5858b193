// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.http;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads the file of {@code flowmeter.sink.http.tokens}: one token a line.
 *
 * <pre>
 * # token                             user    role
 * 9f2c1e0a7b4d4c3e8a6f0d1b2c3e4f50     alice
 * 4b7d0c2e9a1f4e6d8c3b5a7f9e1d2c4b     bob
 * c0ffee00c0ffee00c0ffee00c0ffee00     ops     admin
 * </pre>
 *
 * <p>Fields are separated by spaces or tabs: the token (at least {@value Tokens#MIN_LENGTH}
 * characters, of those a Bearer header carries), the user name (the {@code user} attribute of the
 * transfers this caller sees), and optionally the word {@code admin} (sees and cancels every
 * transfer). A line whose first non-blank character is {@code #} is a comment; blank lines are
 * skipped. A user may have several tokens (to rotate one); a token may appear only once. The file
 * is UTF-8, read once when the sink starts.
 *
 * <p>Every problem is a {@link ConfigException} naming the key, the file and the line number, never
 * the line's text: a token must not reach a log because its line was malformed.
 */
final class TokensFile {
  /** A bound on the file's size, so that a wrong path ({@code /dev/zero}) cannot exhaust memory. */
  static final int MAX_BYTES = 1 << 20;

  private static final String FORMAT = "'<token> <user>' or '<token> <user> admin'";

  private TokensFile() {}

  /**
   * Adds the tokens of the file at {@code path} to {@code tokens}.
   *
   * @param key the full key the path was read from, for messages
   * @throws ConfigException when the file cannot be read, has a malformed line, a short or repeated
   *     token, or no token at all
   */
  static void read(String key, String path, Tokens.Builder tokens) {
    String text = text(key, path);
    int lineNumber = 0;
    int found = 0;
    for (String line : text.split("\r\n|\r|\n", -1)) {
      lineNumber++;
      String content = lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
      content = content.strip();
      if (content.isEmpty() || content.startsWith("#")) {
        continue;
      }
      String[] fields = content.split("[ \t]+");
      String where = "line " + lineNumber;
      if (fields.length < 2 || fields.length > 3) {
        throw problem(
            key, path, where + ": expected " + FORMAT + ", found " + fields.length + " field(s)");
      }
      if (fields.length == 3 && !fields[2].equals("admin")) {
        throw problem(
            key, path, where + ": expected " + FORMAT + ", the third field is not 'admin'");
      }
      String token = fields[0];
      String why = Tokens.problem(token);
      if (why != null) {
        throw problem(key, path, where + ": the token " + why);
      }
      Caller caller = new Caller(fields[1], fields.length == 3);
      String before = tokens.add(token, caller, where);
      if (before != null) {
        throw problem(key, path, where + ": the same token as " + before);
      }
      found++;
    }
    if (found == 0) {
      throw problem(key, path, "has no token (one a line: " + FORMAT + ")");
    }
  }

  private static String text(String key, String path) {
    Path file;
    try {
      file = Path.of(path);
    } catch (InvalidPathException e) {
      throw new ConfigException(key, path, "is not a file path", e);
    }
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file)) {
        throw problem(
            key,
            path,
            Files.exists(file) ? "is not a regular file" : "cannot be read (no such file)");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException(key, path, "cannot be read (no such file)", e);
    } catch (IOException | SecurityException e) {
      throw new ConfigException(key, path, "cannot be read (" + Diagnostics.describe(e) + ")", e);
    }
    if (bytes.length > MAX_BYTES) {
      throw problem(key, path, "is larger than 1 MiB: not a tokens file");
    }
    warnIfOthersCanRead(key, path, file);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw problem(key, path, "is not UTF-8 text");
    }
  }

  /** Says once when users other than the owner may read the file, as ssh does for a key. */
  private static void warnIfOthersCanRead(String key, String path, Path file) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (view == null) {
        return; // not a POSIX file system: nothing this check can say
      }
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        Diagnostics.once(
            "http.tokens.readable:" + path,
            key
                + ": '"
                + path
                + "' can be read by other users; make it private: chmod 600 "
                + path);
      }
    } catch (IOException | RuntimeException e) {
      Diagnostics.debug("cannot read the permissions of " + path, e);
    }
  }

  private static ConfigException problem(String key, String path, String problem) {
    return new ConfigException(key, path, problem);
  }
}
