// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SinkFilesTest {
  @TempDir Path dir;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void assertNoTemporaryFile() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }
  }

  @Test
  void path_isTheArgument_absolute_withItsDirectoriesCreated() throws IOException {
    Path wanted = dir.resolve("a/b/c.csv");

    Path path =
        SinkFiles.path(SinkContext.builder("csv").argument(wanted.toString()).build(), "csv:<p>");

    assertThat(path).isEqualTo(wanted).isAbsolute();
    assertThat(wanted.getParent()).isDirectory();
  }

  @Test
  void path_missingArgument_isAConfigExceptionWithTheUsage() {
    assertThatThrownBy(() -> SinkFiles.path(SinkContext.builder("csv").build(), "csv:<path>"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("csv:<path>");
  }

  @Test
  void append_addsToWhatIsThere_andCreatesAMissingFile() throws IOException {
    Path file = dir.resolve("x.log");
    for (String text : new String[] {"one\n", "two\n"}) {
      try (FileChannel channel = SinkFiles.append(file)) {
        channel.write(ByteBuffer.wrap(utf8(text)));
      }
    }

    assertThat(file).hasContent("one\ntwo");
  }

  @Test
  void append_directory_isRefused() {
    assertThatThrownBy(() -> SinkFiles.append(dir))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + " is a directory, not a file");
  }

  @Test
  void replace_regularOrMissingFile_holdsTheNewContentAlone() throws IOException {
    Path file = dir.resolve("s.json");
    SinkFiles.replace(file, utf8("a much longer first content"));

    SinkFiles.replace(file, utf8("new"));

    assertThat(file).hasContent("new");
    assertNoTemporaryFile();
  }

  @Test
  void replace_chainOfLinks_replacesTheFileAtItsEnd_andKeepsEveryLink() throws IOException {
    Path real = Files.writeString(dir.resolve("real.json"), "old");
    Path middle = Files.createSymbolicLink(dir.resolve("middle.json"), real);
    Path first = Files.createSymbolicLink(dir.resolve("first.json"), Path.of("middle.json"));

    SinkFiles.replace(first, utf8("new"));

    assertThat(real).hasContent("new");
    assertThat(Files.readSymbolicLink(first)).isEqualTo(Path.of("middle.json"));
    assertThat(Files.readSymbolicLink(middle)).isEqualTo(real);
    assertNoTemporaryFile();
  }

  @Test
  void replace_danglingLink_createsTheFileItNames() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("s.json"), Path.of("later.json"));

    SinkFiles.replace(link, utf8("new"));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(dir.resolve("later.json")).hasContent("new");
  }

  @Test
  void replace_loopOfLinks_isAnIOException() throws IOException {
    Path a = dir.resolve("a.json");
    Path b = Files.createSymbolicLink(dir.resolve("b.json"), a);
    Files.createSymbolicLink(a, b);

    assertThatThrownBy(() -> SinkFiles.replace(a, utf8("x"))).isInstanceOf(IOException.class);
    assertThat(Files.isSymbolicLink(a)).isTrue();
  }

  @Test
  void replace_directory_isRefusedAndLeftAlone() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("s.json"));

    assertThatThrownBy(() -> SinkFiles.replace(sub, utf8("x")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageStartingWith(sub + " is a directory, not a regular file, and is not replaced");
    assertThat(sub).isEmptyDirectory();
    assertNoTemporaryFile();
  }

  @Test
  void replace_missingDirectory_namesTheFileAndTheCause() {
    Path file = dir.resolve("no/such/s.json");

    assertThatThrownBy(() -> SinkFiles.replace(file, utf8("x")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot replace " + file + ": no such file or directory (")
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void cause_saysTheReasonAndTheFile() {
    assertThat(SinkFiles.cause(new AccessDeniedException("/x/.s.tmp")))
        .isEqualTo("permission denied (/x/.s.tmp)");
    assertThat(SinkFiles.cause(new IOException("No space left on device")))
        .isEqualTo("No space left on device");
    assertThat(SinkFiles.cause(new IOException())).isEqualTo("IOException");
  }
}
