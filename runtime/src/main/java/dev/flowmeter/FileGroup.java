// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.internal.FileGroupImpl;
import dev.flowmeter.internal.Tracker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group of files moved as one piece of work (a multi-file upload, a batch): a transfer of kind
 * {@link Kind#GROUP} whose children are its {@link GroupFile}s, so that every sink can show "3 of
 * 10 files" beside the group's percentage.
 *
 * <pre>{@code
 * FileGroup upload = Flowmeter.fileGroup("photos").stopOnFirstFailure().start();
 * for (Path photo : photos) {
 *   GroupFile file = upload.addFile(photo);       // pending, total from the file's size
 *   pool.submit(() -> send(file, photo));         // file.step(...), file.complete() / fail(...)
 * }
 * upload.allAdded();                               // the group ends when its last file ends
 * }</pre>
 *
 * <p>Files may be added up front or as they come, from any thread. The group ends by itself once
 * {@link #allAdded()} was called and every file added has ended: {@code failed} if a file failed
 * (its message names how many and the first one), else {@code cancelled} if a file was cancelled,
 * else {@code completed}. Until {@code allAdded()} more files may come, so a group whose files all
 * ended keeps running. A failed file does not stop the others, unless the group was built with
 * {@link Builder#stopOnFirstFailure()}: then the first failure cancels every file still running or
 * pending (each with a reason naming the file that failed) and fails the group at once.
 *
 * <p>The group's percentage is the weighted mean of its files' (pending ones count as 0 %): a file
 * of known size weighs its size (a file of unknown size weighs as one of 1 MiB), so a 1 GiB file
 * counts a thousand times as much as a 1 MiB one. A running file whose share is unknown (no size,
 * no ranges, no fraction) makes the group's percentage unknown until it ends. Events of the group
 * carry {@link ProgressEvent#completedFiles()} (the files that ended, whatever their end) and
 * {@link ProgressEvent#totalFiles()} (the files added so far), and as message how many failed.
 *
 * <p>{@link #complete()} is {@link #allAdded()}: it ends the group only if every file ended, and
 * returns whether it did. {@link #fail(String)} fails the group at once and cancels its unfinished
 * files; {@link #cancel(String)} cancels the group and every unfinished file. Thread-safe.
 */
public interface FileGroup extends Transfer {
  /**
   * Adds a file of unknown size, pending until it starts.
   *
   * @throws IllegalStateException when {@link #allAdded()} was called; a file added to a group that
   *     ended otherwise (failed at the first failure, cancelled) is returned cancelled
   */
  GroupFile addFile(String name);

  /** Adds a file of {@code sizeBytes} (negative: unknown), pending until it starts. */
  GroupFile addFile(String name, long sizeBytes);

  /**
   * Adds {@code file}, named after its file name, its size read from the file system (unknown when
   * it cannot be read), pending until it starts.
   */
  GroupFile addFile(Path file);

  /**
   * Says that no more files will be added: the group ends as soon as every file ended (at once if
   * they all have). Later calls do nothing.
   */
  void allAdded();

  /** The files added so far, in the order added. */
  List<GroupFile> files();

  /** How many files were added so far. */
  int totalFiles();

  /** How many files ended, whatever their end. */
  int completedFiles();

  /** How many files failed. */
  int failedFiles();

  /** The group's vocabulary. */
  FileSteps steps();

  /**
   * Describes a group; {@link Flowmeter#fileGroup(String)} makes one. Not thread-safe; each {@link
   * #start()} starts a new group.
   */
  final class Builder {
    private final Tracker tracker;
    private final String name;
    private String operation = "group";
    private FileSteps steps = FileSteps.DEFAULT;
    private boolean stopOnFirstFailure;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    Builder(Tracker tracker, String name) {
      this.tracker = tracker;
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The operation word of the group and its files (default {@code group}), e.g. {@code upload}.
     */
    public Builder operation(String operation) {
      Objects.requireNonNull(operation, "operation");
      if (operation.isBlank()) {
        throw new IllegalArgumentException("operation must not be blank");
      }
      this.operation = operation;
      return this;
    }

    /**
     * The files' vocabulary, with or without percentage ranges (default {@link FileSteps#DEFAULT}).
     */
    public Builder steps(FileSteps steps) {
      this.steps = Objects.requireNonNull(steps, "steps");
      return this;
    }

    /** Makes the first failed file cancel the others and fail the group at once. */
    public Builder stopOnFirstFailure() {
      this.stopOnFirstFailure = true;
      return this;
    }

    /** Adds a free-form attribute, which the group's files inherit. */
    public Builder attribute(String key, String value) {
      attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Starts the group. */
    public FileGroup start() {
      return FileGroupImpl.start(tracker, operation, name, steps, stopOnFirstFailure, attributes);
    }
  }
}
