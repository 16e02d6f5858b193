// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rules every file sink follows to find and open its file, for the built-in sinks and for sinks
 * of your own.
 *
 * <ul>
 *   <li>The path is the sink's argument, everything after the first {@code :} of its spec, made
 *       absolute; missing parent directories are created ({@link #path}).
 *   <li>A file that grows is appended to, never truncated: a second run adds to the first one's
 *       rows ({@link #append}). Anything writable but a directory may be appended to, so {@code
 *       csv:/dev/stdout} and a named pipe work.
 *   <li>A file that is rewritten as a whole is replaced atomically, so a reader sees the old
 *       content or the new one, never a part ({@link #replace}). Only a regular file or a missing
 *       path is replaced; a symbolic link is followed and its target replaced, the link staying as
 *       it is; anything else (a directory, a device such as {@code /dev/stdout}, a named pipe) is
 *       refused, since a rename would put a regular file in its place.
 * </ul>
 *
 * <p>Every method throws an {@link IOException} whose message names the path and says what is wrong
 * in one line, fit to be shown to the user as it is.
 *
 * <p>Stateless and thread-safe; two threads replacing the same file each write whole documents, the
 * last rename wins.
 */
public final class SinkFiles {
  /*
   * Design notes
   *
   * Atomicity: replace() writes a temporary file in the target's directory (same file system, so
   * the rename cannot turn into a copy) and moves it over the target with ATOMIC_MOVE; where the
   * file system has no atomic move, REPLACE_EXISTING is the best left. The temporary file is
   * created with CREATE_NEW and the process's default permissions (not createTempFile's owner-only
   * ones, which the move would pass on to the target), and deleted if anything fails.
   *
   * Links: a rename replaces the directory entry it names, so renaming over a symbolic link would
   * replace the link, not the file it points to, and renaming over /dev/stdout (a link to
   * /proc/self/fd/1) as root would replace the device node. So the target is resolved first: the
   * attributes are read through the links, and only a regular file (or nothing) is replaced, at
   * its real path.
   */

  /** Links followed at most while looking for the missing target of a dangling link, as Linux. */
  private static final int MAX_LINKS = 40;

  private SinkFiles() {}

  /**
   * The absolute path named by the sink's argument (everything after the first {@code :} of its
   * spec), with its parent directories created.
   *
   * @param usage how the spec is written, for the message when the argument is missing, for example
   *     {@code csv:<path>}
   * @throws dev.flowmeter.ConfigException when the argument is missing
   * @throws IOException when the argument is no valid path or its directories cannot be created
   */
  public static Path path(SinkContext context, String usage) throws IOException {
    String argument = context.requireArgument(usage);
    Path path;
    try {
      path = Paths.get(argument).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new IOException("not a valid path: " + e.getMessage(), e);
    }
    Path parent = path.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    return path;
  }

  /**
   * Opens {@code path} for appending, creating the file when it is missing. Every write through the
   * channel goes to the end of the file, also when another process appends to it too.
   *
   * @throws IOException when {@code path} is a directory, or cannot be created or opened for
   *     writing
   */
  public static FileChannel append(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new IOException(path + " is a directory, not a file");
    }
    return FileChannel.open(
        path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /**
   * Replaces the content of {@code path} with {@code content} atomically: a reader opens either the
   * old file or the new one, never a part of one.
   *
   * <p>{@code path} may be a regular file, a path that does not exist yet (its directory must), or
   * a symbolic link: the link is followed, and the regular file it leads to (or the missing file it
   * names) is replaced; the link stays. Anything else is refused without being touched.
   *
   * @throws IOException when {@code path} (after its links) is not a regular file, for example a
   *     directory, a device or a named pipe, with a message naming it and its kind; or when the new
   *     file cannot be written or moved into place, in which case the old one is left as it was
   */
  public static void replace(Path path, byte[] content) throws IOException {
    Path target = replaceable(path);
    Path temp = null;
    try {
      temp = createTemp(target);
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
        out.write(content);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new IOException("cannot replace " + target + ": " + cause(e), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // the failure that brought us here is the one to report; a stray temporary file remains
        }
      }
    }
  }

  /**
   * What went wrong, for a message: the reason and the file of a file system error ({@code
   * permission denied (/var/x/.status.json.1f.tmp)}), the message of any other, or its name.
   */
  public static String cause(IOException e) {
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      String reason = f.getReason();
      if (reason == null) {
        reason =
            e instanceof NoSuchFileException
                ? "no such file or directory"
                : e instanceof AccessDeniedException
                    ? "permission denied"
                    : e.getClass().getSimpleName();
      }
      return f.getFile() == null ? reason : reason + " (" + f.getFile() + ")";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * The file to replace for {@code path}: {@code path} itself when it is a regular file or missing,
   * the real path of the regular file a link leads to, or the missing file a dangling link names.
   *
   * @throws IOException when {@code path}, through its links, is anything but a regular file
   */
  private static Path replaceable(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Files.isSymbolicLink(path) ? danglingTarget(path) : path;
    }
    if (!attributes.isRegularFile()) {
      throw new IOException(
          path
              + (Files.isSymbolicLink(path) ? " is a link to " : " is ")
              + kind(path, attributes)
              + ", not a regular file, and is not replaced"
              + " (accepted: a regular file, a symbolic link to one, or a path that does not exist"
              + " yet)");
    }
    return Files.isSymbolicLink(path) ? path.toRealPath() : path;
  }

  /** The missing file at the end of the chain of links that starts at {@code link}. */
  private static Path danglingTarget(Path link) throws IOException {
    Path current = link;
    for (int i = 0; i < MAX_LINKS; i++) {
      if (!Files.isSymbolicLink(current)) {
        return current;
      }
      current = current.resolveSibling(Files.readSymbolicLink(current));
    }
    throw new IOException(link + " is a chain of more than " + MAX_LINKS + " symbolic links");
  }

  /** What {@code path} is, for a message: "a directory", "a named pipe", "a character device"... */
  private static String kind(Path path, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      if (mode instanceof Integer) {
        switch ((Integer) mode & 0xF000) { // S_IFMT
          case 0x1000:
            return "a named pipe";
          case 0x2000:
            return "a character device";
          case 0x6000:
            return "a block device";
          case 0xC000:
            return "a socket";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no unix view on this platform: the generic word will do
    }
    return "a special file";
  }

  private static Path createTemp(Path target) throws IOException {
    String prefix = "." + target.getFileName() + ".";
    for (int attempt = 0; ; attempt++) {
      Path temp =
          target.resolveSibling(
              prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }
}
