// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Direction;
import dev.flowmeter.FileGroup;
import dev.flowmeter.FileSteps;
import dev.flowmeter.GroupFile;
import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FileGroup}: the core transfer of kind group, its files as children, the file counts its
 * events carry, and when it ends.
 *
 * <p>This class is internal and is hence not for public use. Its API may change at any time.
 *
 * <p>Concurrency: the counts, the file list and the decisions to stop or to end are taken under
 * {@code lock}, which is never held while a transfer is called (the files are cancelled and the
 * core ended after it is released); the event decorator, which runs under the core's monitor, takes
 * it only to read the counts. So {@code lock} is a leaf and takes part in no deadlock. A decision
 * to stop ({@code stopReason}) is taken once, and the group then ends only after every file it
 * cancels ended, so its final event counts them all.
 */
public final class FileGroupImpl extends ForwardingTransfer implements FileGroup {
  /** A file of unknown size weighs as one of this size; see {@link #weightOf(long)}. */
  private static final double MIB = 1024 * 1024;

  private final Tracker tracker;
  private final FileSteps steps;
  private final boolean stopOnFirstFailure;
  private final Object lock = new Object();
  private final List<GroupFileImpl> files = new ArrayList<>(); // guarded by lock
  private int total; // guarded by lock
  private long sizes; // guarded by lock: the sizes the files were added with, summed
  private boolean sizesKnown = true; // guarded by lock: whether every file was added with one
  private int ended; // guarded by lock
  private int failed; // guarded by lock
  private int cancelled; // guarded by lock
  private boolean allAdded; // guarded by lock
  private @Nullable String firstFailure; // guarded by lock
  private @Nullable String stopReason; // guarded by lock: set once the group stops its files

  private FileGroupImpl(Tracker tracker, TransferImpl core, FileSteps steps, boolean stopFirst) {
    super(core);
    this.tracker = tracker;
    this.steps = steps;
    this.stopOnFirstFailure = stopFirst;
  }

  /** Creates and starts a group; what {@link FileGroup.Builder#start()} calls. */
  public static FileGroup start(
      Tracker tracker,
      String operation,
      String name,
      FileSteps steps,
      boolean stopOnFirstFailure,
      Map<String, String> attributes) {
    TransferImpl core =
        tracker.create(
            null,
            operation,
            name,
            Unit.BYTES,
            ProgressEvent.UNKNOWN,
            attributes,
            List.of(),
            1,
            Sources.API,
            Sources.direction(null, operation, Direction.UNKNOWN));
    FileGroupImpl group = new FileGroupImpl(tracker, core, steps, stopOnFirstFailure);
    core.sumChildren(); // the group's bytes (and so its speed) are its files'
    core.decorator(group::decorate);
    core.start();
    return group;
  }

  @Override
  public GroupFile addFile(String name) {
    return addFile(name, ProgressEvent.UNKNOWN);
  }

  @Override
  public GroupFile addFile(Path file) {
    Objects.requireNonNull(file, "file");
    Path fileName = file.getFileName();
    return addFile(fileName != null ? fileName.toString() : file.toString(), Sizes.ofFile(file));
  }

  @Override
  public GroupFile addFile(String name, long sizeBytes) {
    Objects.requireNonNull(name, "name");
    synchronized (lock) {
      if (allAdded) {
        throw new IllegalStateException(
            "no file can be added to group '" + name() + "' after allAdded() or complete()");
      }
      total++;
      if (sizeBytes < 0) {
        sizesKnown = false;
      } else {
        sizes = sizes > Long.MAX_VALUE - sizeBytes ? Long.MAX_VALUE : sizes + sizeBytes;
      }
    }
    TransferImpl core =
        tracker.create(
            delegate,
            operation(),
            name,
            Unit.BYTES,
            sizeBytes,
            Map.of(),
            List.of(),
            weightOf(sizeBytes),
            Sources.API,
            Sources.direction(null, operation(), Direction.UNKNOWN));
    GroupFileImpl file = GroupFileImpl.of(this, core, steps);
    String reason;
    synchronized (lock) {
      files.add(file);
      reason = stopReason;
    }
    if (reason != null) {
      file.cancel(reason); // the group stopped while this file was being added
    }
    return file;
  }

  /**
   * A file's weight in the group's percentage: its size in MiB, within the bounds {@link
   * TransferBuilder#weight} accepts (1 byte to 1 TiB apart); 1 (as a file of 1 MiB) when the size
   * is unknown.
   */
  static double weightOf(long sizeBytes) {
    if (sizeBytes < 0) {
      return 1;
    }
    return Math.max(
        TransferBuilder.MIN_WEIGHT, Math.min(TransferBuilder.MAX_WEIGHT, sizeBytes / MIB));
  }

  @Override
  public void allAdded() {
    endIfAllAdded();
  }

  /** {@link #allAdded()}; returns whether this call ended the group (completed or otherwise). */
  private boolean endIfAllAdded() {
    boolean end;
    synchronized (lock) {
      if (allAdded) {
        return false;
      }
      allAdded = true;
      end = stopReason == null && ended == total;
    }
    return end && end();
  }

  /** Called once by each file that ended, after its final event. */
  void fileEnded(GroupFileImpl file, Status end, @Nullable String message) {
    List<GroupFileImpl> stop = List.of();
    String reason = null;
    boolean finish;
    synchronized (lock) {
      ended++;
      if (end == Status.FAILED) {
        failed++;
        if (firstFailure == null) {
          firstFailure = "'" + file.name() + "': " + message;
        }
        if (stopOnFirstFailure && stopReason == null) {
          reason = "stopped: file " + firstFailure;
          stopReason = reason;
          stop = new ArrayList<>(files);
        }
      } else if (end == Status.CANCELLED) {
        cancelled++;
      }
      finish = stopReason == null && allAdded && ended == total;
    }
    if (reason != null) {
      stopAll(stop, reason);
      delegate.fail("file " + firstFailure() + " (stopped at the first failure)");
    } else if (finish) {
      end();
    }
  }

  private String firstFailure() {
    synchronized (lock) {
      return String.valueOf(firstFailure);
    }
  }

  private static void stopAll(List<GroupFileImpl> files, String reason) {
    for (GroupFileImpl file : files) {
      file.cancel(reason); // does nothing to a file that ended
    }
  }

  /** Ends the group as its files ended; returns whether this call ended it. */
  private boolean end() {
    int f;
    int c;
    int t;
    String first;
    synchronized (lock) {
      f = failed;
      c = cancelled;
      t = total;
      first = String.valueOf(firstFailure);
    }
    if (f > 0) {
      return delegate.fail(f + " of " + t + " files failed, the first " + first);
    }
    if (c > 0) {
      return delegate.cancel(c + " of " + t + " files cancelled");
    }
    return delegate.complete();
  }

  /**
   * Ends the group when every file ended and no more will come; otherwise says that no more will
   * come, and the group ends with its last file. Returns whether this call ended the group.
   */
  @Override
  public boolean complete() {
    return endIfAllAdded();
  }

  /** Fails the group now and cancels its unfinished files; returns whether this call ended it. */
  @Override
  public boolean fail(String message) {
    Objects.requireNonNull(message, "message");
    List<GroupFileImpl> stop;
    String reason = "group '" + name() + "' failed: " + message;
    synchronized (lock) {
      if (stopReason != null || delegate.isDone()) {
        return false;
      }
      stopReason = reason;
      stop = new ArrayList<>(files);
    }
    stopAll(stop, reason);
    return delegate.fail(message);
  }

  @Override
  public List<GroupFile> files() {
    synchronized (lock) {
      return List.copyOf(files);
    }
  }

  @Override
  public int totalFiles() {
    synchronized (lock) {
      return total;
    }
  }

  @Override
  public int completedFiles() {
    synchronized (lock) {
      return ended;
    }
  }

  @Override
  public int failedFiles() {
    synchronized (lock) {
      return failed;
    }
  }

  @Override
  public FileSteps steps() {
    return steps;
  }

  private void decorate(ProgressEvent.Builder event, long nanoTime) {
    synchronized (lock) {
      event.kind(Kind.GROUP).files(ended, total).message(failed > 0 ? failed + " failed" : null);
      if (sizesKnown && total > 0) {
        event.totalBytes(sizes); // the files' sizes: the group's total, growing as files are added
      }
    }
  }
}
