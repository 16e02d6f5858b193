// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The files a sample makes, deleted when it ends: by {@link #close()} on every normal or failed
 * end, and by a shutdown hook when the JVM is stopped first (Ctrl+C, {@code System.exit}).
 *
 * <p>Only what this object created is deleted: the files named through {@link #file} that did not
 * exist before, and the folders it made to hold them, each once it is empty. A folder the user
 * named that existed before is kept with whatever else it holds, and so is a file of the same name
 * as one of the sample's (which the sample overwrites).
 *
 * <p>The hook is best effort: it first stops the pool given to {@link #stopFirst} (interrupting the
 * copies, waiting at most {@link #STOP_WAIT_MILLIS}), so that no copy opens a file after the files
 * were deleted.
 *
 * <p>Thread-safe.
 */
final class Scratch implements AutoCloseable {
  static final long STOP_WAIT_MILLIS = 2_000;

  private final Path dir;
  private final List<Path> madeDirs = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private final List<ExecutorService> pools = new ArrayList<>();
  private final Thread hook;
  private boolean deleted;

  private Scratch(Path dir, List<Path> madeDirs) {
    this.dir = dir;
    this.madeDirs.addAll(madeDirs);
    this.hook = new Thread(this::stopAndDelete, "flowmeter-samples-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** A new temporary folder, deleted with the files made in it. */
  static Scratch temporary(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    return new Scratch(dir, List.of(dir));
  }

  /** The folder {@code dir}, made if it is missing (then deleted at the end, once empty). */
  static Scratch in(Path dir) throws IOException {
    List<Path> made = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      made.add(p); // deepest first, the order they are deleted in
    }
    Files.createDirectories(dir);
    return new Scratch(dir, made);
  }

  /** The folder the files are made in. */
  Path dir() {
    return dir;
  }

  /**
   * The path of a file named {@code name} in the folder, which is deleted at the end whether the
   * caller creates it or not, unless it existed already.
   *
   * @throws IllegalStateException once the files were deleted (the JVM is stopping)
   */
  synchronized Path file(String name) {
    if (deleted) {
      throw new IllegalStateException("stopping: " + name + " is not made");
    }
    Path file = dir.resolve(name);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      files.add(file);
    }
    return file;
  }

  /** Has the shutdown hook stop {@code pool} (interrupting its tasks) before it deletes. */
  synchronized void stopFirst(ExecutorService pool) {
    pools.add(pool);
  }

  /** Deletes the files and the folders made for them. */
  @Override
  public void close() {
    delete();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is stopping, and the hook has run or runs now: it deletes nothing twice
    }
  }

  private void stopAndDelete() {
    List<ExecutorService> running;
    synchronized (this) {
      running = List.copyOf(pools);
    }
    for (ExecutorService pool : running) {
      pool.shutdownNow();
    }
    try {
      for (ExecutorService pool : running) {
        pool.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // delete now, without waiting longer
    }
    delete();
  }

  private synchronized void delete() {
    deleted = true;
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        System.err.println("flowmeter-samples: cannot delete " + file + " (" + e + ")");
      }
    }
    for (Path made : madeDirs) {
      try {
        Files.deleteIfExists(made);
      } catch (DirectoryNotEmptyException e) {
        return; // something else is in it now: it and the folders above it stay
      } catch (IOException e) {
        System.err.println("flowmeter-samples: cannot delete " + made + " (" + e + ")");
        return;
      }
    }
  }
}
