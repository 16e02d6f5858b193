// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long the stages of named operations took in earlier runs, kept in a small file ({@code
 * flowmeter.history}), so that an operation's overall ETA can add the expected duration of the
 * stages it has not started yet.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * <p>Expected duration: an exponentially weighted mean of the runs recorded, in which each run
 * weighs {@code max(1/n, 0.3)} against what came before ({@code n}: the runs so far, this one
 * included). The first runs are so averaged plainly, and after the third one the last run counts
 * for 30 % and older runs fade: a stage that got faster (a warm cache, a faster mirror) is followed
 * within a few runs, and one slow run does not dominate.
 *
 * <p>The file: UTF-8 text, one line per stage, in the order of use (the least recently used
 * operation first). The first line is {@value #HEADER}; each line after it is four fields separated
 * by a tab:
 *
 * <pre>
 * operation TAB stage TAB expected-millis TAB runs
 * </pre>
 *
 * Names are escaped so that they never break a line or a field, nor act on a terminal that shows
 * the file: {@code \\} for a backslash, {@code \t}, {@code \n} and {@code \r} for tab, line feed
 * and carriage return, and a backslash, {@code u} and four hexadecimal digits, as in Java, for any
 * other control or format character (an escape sequence, a bidi override) and line or paragraph
 * separator. {@code expected-millis} is a whole number from 0 to {@link #MAX_DURATION} in
 * milliseconds and {@code runs} a whole number from 1. The reader is strict: any other line (an
 * unknown escape, a missing field, a number out of range), a file that is not UTF-8 or larger than
 * {@link #MAX_FILE_BYTES}, makes the whole file ignored, said in one line naming the file and the
 * fault, rather than guessed at.
 *
 * <p>Bounds: at most {@link #MAX_OPERATIONS} operations (the least recently recorded is dropped
 * when another comes) and {@link #MAX_STAGES} stages each (likewise), names cut by {@link
 * Text#boundedName}. A duration that is negative or longer than {@link #MAX_DURATION} is not
 * recorded.
 *
 * <p>Saving writes a temporary file in the same folder, then moves it over the file atomically: a
 * reader, in this JVM or another, sees one whole version or the other, never a torn file. Two JVMs
 * that save the same file: the last one wins, and the runs the other recorded since it loaded are
 * lost. Nothing here throws: a file that cannot be read is an empty history, one that cannot be
 * written is said once in one line.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class History {
  /** The first line of the file, naming its format and version. */
  static final String HEADER = "# flowmeter history 1";

  /** The most operations kept; the least recently recorded is dropped beyond them. */
  public static final int MAX_OPERATIONS = 200;

  /** The most stages kept per operation; the least recently recorded is dropped beyond them. */
  public static final int MAX_STAGES = 64;

  /** The longest duration recorded; a longer one is taken for a clock's fault and ignored. */
  public static final Duration MAX_DURATION = Duration.ofDays(30);

  /**
   * The largest file read: the bounds above with the longest names make about 80 MiB, a file this
   * much larger was not written by Flowmeter.
   */
  static final long MAX_FILE_BYTES = 128L << 20;

  /** The weight of the newest run once more than {@code 1 / NEWEST_WEIGHT} runs are recorded. */
  static final double NEWEST_WEIGHT = 0.3;

  private static final long MAX_MILLIS = MAX_DURATION.toMillis();

  /** Why a path that is not a regular file is neither read nor written: said once for both. */
  private static final String NOT_REGULAR = "it is not a regular file";

  /** The longest line Flowmeter writes: two names, each escaped to at most six times its length. */
  static final int MAX_LINE_CHARS = 12 * Text.MAX_NAME_LENGTH + 64;

  private final Path path;

  /** Operation to stage to estimate, both maps in access order: the least recent first. */
  private final LinkedHashMap<String, LinkedHashMap<String, Estimate>> operations =
      new LinkedHashMap<>(16, 0.75f, true);

  private History(Path path) {
    this.path = path;
  }

  /** The expected duration of one stage and the runs it is learned from. */
  private static final class Estimate {
    double millis;
    long runs;

    Estimate(double millis, long runs) {
      this.millis = millis;
      this.runs = runs;
    }

    void add(long took) {
      runs = runs == Long.MAX_VALUE ? runs : runs + 1;
      double weight = Math.max(1.0 / runs, NEWEST_WEIGHT);
      millis += weight * (took - millis);
    }
  }

  /**
   * The history file {@code flowmeter.history} names, or {@code ~/.flowmeter/history.tsv}; empty
   * when it is {@code none} (any case), for no history. A value that is not a path is reported and
   * the default used.
   */
  static Optional<Path> path(Config config) {
    Path fallback = Path.of(System.getProperty("user.home", "."), ".flowmeter", "history.tsv");
    String value = config.get(ConfigKeys.HISTORY);
    if (value == null || value.isBlank()) {
      return Optional.of(fallback);
    }
    if (value.trim().equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(value.trim()));
    } catch (InvalidPathException e) {
      config
          .problems()
          .report(
              new ConfigException(
                  ConfigKeys.HISTORY,
                  value,
                  "is not a path: "
                      + e.getReason()
                      + " (accepted: a file path, or none for no history)"),
              "using " + fallback);
      return Optional.of(fallback);
    }
  }

  /**
   * The history in the file at {@code path}: empty when there is no such file, and when the file
   * cannot be read or is not a history file (said once, in one line naming the file and the fault).
   * Never throws; {@link #save} writes back to {@code path}.
   */
  public static History load(Path path) {
    History history = new History(path);
    try {
      history.read();
    } catch (NoSuchFileException e) {
      history.operations.clear();
    } catch (IOException | RuntimeException e) {
      history.operations.clear();
      Diagnostics.once(
          "history.read:" + path,
          "history file "
              + path
              + " is ignored: "
              + describe(e)
              + (NOT_REGULAR.equals(e.getMessage())
                  ? " (and not written)"
                  : " (it is written anew)"),
          e);
    }
    return history;
  }

  /** The file this history is read from and saved to. */
  public Path path() {
    return path;
  }

  /**
   * How long {@code stage} of {@code operation} is expected to take, learned from the earlier runs
   * recorded; empty before any.
   */
  public synchronized Optional<Duration> expected(String operation, String stage) {
    Map<String, Estimate> stages = operations.get(Text.boundedName(operation));
    Estimate estimate = stages == null ? null : stages.get(Text.boundedName(stage));
    return estimate == null
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(Math.round(estimate.millis)));
  }

  /**
   * Records that {@code stage} of {@code operation} took {@code took}; a negative duration or one
   * longer than {@link #MAX_DURATION} is ignored. Kept in memory until {@link #save}.
   */
  public synchronized void record(String operation, String stage, Duration took) {
    if (took.isNegative() || took.compareTo(MAX_DURATION) > 0) {
      return;
    }
    long millis = took.toMillis();
    String op = Text.boundedName(operation);
    LinkedHashMap<String, Estimate> stages = operations.get(op);
    if (stages == null) {
      stages = new LinkedHashMap<>(16, 0.75f, true);
      operations.put(op, stages);
      trim(operations, MAX_OPERATIONS);
    }
    String name = Text.boundedName(stage);
    Estimate estimate = stages.get(name);
    if (estimate == null) {
      stages.put(name, new Estimate(millis, 1));
      trim(stages, MAX_STAGES);
    } else {
      estimate.add(millis);
    }
  }

  /**
   * Writes this history to its file, atomically (a temporary file in the same folder, then moved
   * over it), creating the folder when missing. When that fails (a read-only folder, a full disk, a
   * folder where the file should be) it is said once, in one line, and nothing throws.
   */
  public void save() {
    String text = format();
    Path tmp = null;
    try {
      Path absolute = path.toAbsolutePath();
      if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
        // a link to /dev/null, a FIFO, a folder: the user's, not to be replaced by a file
        throw new IOException(NOT_REGULAR);
      }
      Path folder = absolute.getParent();
      if (folder != null) {
        Files.createDirectories(folder);
      }
      tmp =
          Files.createTempFile(
              folder != null ? folder : Path.of("."), ".flowmeter-history", ".tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(false); // on the disk before the move: a crash leaves the old or the new file
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException | RuntimeException e) {
      Diagnostics.once(
          (NOT_REGULAR.equals(e.getMessage()) ? "history.read:" : "history.write:") + path,
          "cannot save the history file " + path + ": " + describe(e) + " (it is not updated)",
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException | RuntimeException e) {
          // the temporary file stays behind; the failure to save was already said
        }
      }
    }
  }

  private synchronized String format() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, LinkedHashMap<String, Estimate>> op : operations.entrySet()) {
      String name = escape(op.getKey());
      for (Map.Entry<String, Estimate> stage : op.getValue().entrySet()) {
        out.append(name)
            .append('\t')
            .append(escape(stage.getKey()))
            .append('\t')
            .append(Math.round(stage.getValue().millis))
            .append('\t')
            .append(stage.getValue().runs)
            .append('\n');
      }
    }
    return out.toString();
  }

  /** Reads the file into this history; throws at the first fault, with its line number. */
  private synchronized void read() throws IOException {
    if (!Files.isRegularFile(path)) {
      // a FIFO would block the opening thread, /dev/zero would feed it one endless line
      Files.readAttributes(path, "size"); // NoSuchFileException when there is nothing at all
      throw new IOException(NOT_REGULAR);
    }
    long size = Files.size(path);
    if (size > MAX_FILE_BYTES) {
      throw new IOException("it has " + size + " bytes, more than " + MAX_FILE_BYTES);
    }
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String first = readLine(in, 1);
      if (first == null || !first.equals(HEADER)) {
        throw new IOException("line 1 is not '" + HEADER + "'");
      }
      long chars = first.length();
      int number = 1;
      for (String line = readLine(in, 2); line != null; line = readLine(in, number + 1)) {
        number++;
        chars += line.length() + 1;
        if (chars > MAX_FILE_BYTES) {
          throw new IOException("it has more than " + MAX_FILE_BYTES + " characters");
        }
        parse(line, number);
      }
    }
  }

  /**
   * The next line of {@code in} without its {@code \n} (or {@code \r\n}), null at the end; throws
   * when the line is longer than {@link #MAX_LINE_CHARS}, so that a file of one huge line (it may
   * grow while read) costs no more memory than a line Flowmeter could have written.
   */
  private static @Nullable String readLine(BufferedReader in, int number) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return line.length() == 0 ? null : line.toString();
      }
      if (line.length() == MAX_LINE_CHARS) {
        throw new IOException(
            "line " + number + " is longer than " + MAX_LINE_CHARS + " characters");
      }
      line.append((char) c);
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  private void parse(String line, int number) throws IOException {
    String[] fields = line.split("\t", -1);
    if (fields.length != 4) {
      throw new IOException("line " + number + " has " + fields.length + " fields, not 4");
    }
    String operation = unescape(fields[0], number);
    String stage = unescape(fields[1], number);
    long millis = number(fields[2], 0, MAX_MILLIS, number);
    long runs = number(fields[3], 1, Long.MAX_VALUE, number);
    if (operation.length() > Text.MAX_NAME_LENGTH || stage.length() > Text.MAX_NAME_LENGTH) {
      throw new IOException("line " + number + " has a name longer than " + Text.MAX_NAME_LENGTH);
    }
    LinkedHashMap<String, Estimate> stages = operations.get(operation);
    if (stages == null) {
      stages = new LinkedHashMap<>(16, 0.75f, true);
      operations.put(operation, stages);
      trim(operations, MAX_OPERATIONS);
    }
    stages.put(stage, new Estimate(millis, runs));
    trim(stages, MAX_STAGES);
  }

  private static long number(String field, long min, long max, int line) throws IOException {
    if (field.isEmpty() || field.length() > 19 || !field.chars().allMatch(History::isDigit)) {
      throw new IOException("line " + line + " has '" + field + "' where a number belongs");
    }
    long value;
    try {
      value = Long.parseLong(field);
    } catch (NumberFormatException e) {
      throw new IOException("line " + line + " has '" + field + "' where a number belongs", e);
    }
    if (value < min || value > max) {
      throw new IOException("line " + line + " has " + value + ", not from " + min + " to " + max);
    }
    return value;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Drops the least recently used entries of {@code map} beyond {@code max}. */
  private static void trim(LinkedHashMap<String, ?> map, int max) {
    Iterator<String> oldest = map.keySet().iterator();
    while (map.size() > max) {
      oldest.next();
      oldest.remove();
    }
  }

  static String escape(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          int type = Character.getType(c);
          if (type == Character.CONTROL
              || type == Character.FORMAT
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR) {
            // an escape sequence or a bidi override would act on a terminal showing the file
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  static String unescape(String field, int line) throws IOException {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = i + 1 < field.length() ? field.charAt(++i) : '\0';
      switch (next) {
        case '\\' -> out.append('\\');
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'u' -> {
          int code = i + 4 < field.length() ? hex(field.substring(i + 1, i + 5)) : -1;
          if (code < 0) {
            throw new IOException("line " + line + " has a malformed \\u escape in a name");
          }
          out.append((char) code);
          i += 4;
        }
        default -> throw new IOException("line " + line + " has an unknown escape in a name");
      }
    }
    return out.toString();
  }

  /** The value of four hexadecimal digits, or -1. */
  private static int hex(String digits) {
    int value = 0;
    for (int k = 0; k < digits.length(); k++) {
      int digit = Character.digit(digits.charAt(k), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static String describe(Throwable e) {
    @Nullable String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof CharacterCodingException) {
      return "it is not UTF-8 text";
    }
    if (e instanceof FileSystemException) {
      @Nullable String reason = ((FileSystemException) e).getReason();
      @Nullable String file = ((FileSystemException) e).getFile();
      return kind + (reason != null ? ": " + reason : file != null ? ": " + file : "");
    }
    return message != null && !(e instanceof RuntimeException) ? message : kind + ": " + message;
  }
}
