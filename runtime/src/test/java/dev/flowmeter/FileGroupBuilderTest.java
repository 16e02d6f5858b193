// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.internal.Tracker;
import dev.flowmeter.io.StreamFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public door to file groups: the builder, files from paths, children of a group's file. */
final class FileGroupBuilderTest {
  private final Tracker tracker = StreamFixtures.manualTracker();

  @AfterEach
  void shutDown() {
    tracker.shutdown();
  }

  @Test
  void builder_setsOperationAttributesAndSteps_andFilesInheritThem() {
    FileSteps steps = FileSteps.of("upload", 0, 50).then("processing", 50, 100);
    FileGroup group =
        new FileGroup.Builder(tracker, "batch")
            .operation("upload")
            .steps(steps)
            .attribute("tenant", "acme")
            .start();
    GroupFile file = group.addFile("a.txt", 10);

    assertThat(group.snapshot().kind()).isEqualTo(Kind.GROUP);
    assertThat(group.status()).isEqualTo(Status.STARTING);
    assertThat(group.steps()).isSameAs(steps);
    assertThat(file.operation()).isEqualTo("upload");
    assertThat(file.attributes()).containsEntry("tenant", "acme");
    assertThat(file.group()).isSameAs(group);
    assertThat(file.parentId()).isEqualTo(group.id());
    assertThat(group.files()).containsExactly(file);
  }

  @Test
  void addFile_ofAPath_takesItsNameAndSize(@TempDir Path dir) throws IOException {
    Path path = Files.write(dir.resolve("photo.jpg"), new byte[1234]);
    FileGroup group = new FileGroup.Builder(tracker, "photos").start();

    GroupFile file = group.addFile(path);

    assertThat(file.name()).isEqualTo("photo.jpg");
    assertThat(file.totalBytes()).isEqualTo(1234);
    assertThat(group.addFile(dir.resolve("missing")).totalBytes()).isEqualTo(ProgressEvent.UNKNOWN);
  }

  @Test
  void aStreamWrappedAsAFilesChild_countsIntoTheFile() throws IOException {
    FileGroup group = new FileGroup.Builder(tracker, "photos").start();
    GroupFile file = group.addFile("a", 4);
    file.start();
    try (InputStream in =
        Flowmeter.transfer()
            .parent(file)
            .totalBytes(4)
            .wrap(new ByteArrayInputStream(new byte[4]))) {
      in.readAllBytes();
    }
    assertThat(file.snapshot().percentage()).isEqualTo(100.0);
    assertThat(file.status()).isEqualTo(Status.STARTING); // the application ends the file
  }

  @Test
  void builder_rejectsABlankOperation() {
    assertThatThrownBy(() -> new FileGroup.Builder(tracker, "g").operation(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
