// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import dev.flowmeter.Direction;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Transfer;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.internal.Sources;
import dev.flowmeter.internal.Text;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.UserCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An external process whose progress, read from its output, is a Flowmeter transfer.
 *
 * <pre>{@code
 * ProcessBuilder ffmpeg = new ProcessBuilder("ffmpeg", "-i", "in.mp4", "out.webm");
 * TrackedProcess run = Flowmeter.track(ffmpeg, ProgressParsers.ffmpeg());
 * if (run.waitFor() != 0) {
 *   System.err.println(run.transfer().snapshot().error()); // exit status 1: in.mp4: No such file
 * }
 * }</pre>
 *
 * <p>Both output streams are read to their end on two daemon threads of their own ({@code
 * flowmeter-process-<pid>-out} and {@code -err}), so the process never stops on a full pipe. Each
 * is split into lines at {@code \n} and {@code \r} (tools redraw their meters with carriage
 * returns), and each line goes to the parser; what it parses moves the transfer: the total and the
 * count when the tool states them, the fraction when the tool states one but no total (then the
 * percentage is the tool's, and its byte count, if any, is shown beside it). What the tool states
 * is kept as it is, even when it goes back (rsync's percentage may fall while it discovers files).
 *
 * <p>The transfer ends when the process has exited and its output has been read: {@code completed}
 * on exit status 0 (at 100 % when the tool stated fractions); {@code failed} otherwise, with {@code
 * "exit status N: "} and the last line of standard error that stated no progress (of standard
 * output when standard error had none); {@code cancelled} when it was cancelled.
 *
 * <p>Cancelling, by {@link #cancel()}, by {@link Transfer#cancel()} from any thread, or by the
 * cancellation of a parent transfer, asks the process and its descendants to end ({@link
 * Process#destroy()}, SIGTERM on Unix) and, if they still run after the grace period (5 s unless
 * {@link Builder#gracePeriod(Duration)} says otherwise), ends them forcibly. When the JVM exits
 * while the process runs, Flowmeter's shutdown hook cancels the transfer, so the process is asked
 * to end; the JVM does not wait for the grace period, so a process that ignores SIGTERM may outlive
 * it (as one does when the JVM is killed with SIGKILL).
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class TrackedProcess {
  /** Which of the process's output streams carry its progress. */
  public enum Source {
    /** Standard output only. */
    STDOUT,
    /** Standard error only. */
    STDERR,
    /** Both (the default): each line of either goes to the parser, one line at a time. */
    BOTH
  }

  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  /** How long the output is still read after the process exited (a child may hold the pipes). */
  private static final long DRAIN_MILLIS = 2_000;

  private final Process process;
  private final Transfer transfer;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile int exitStatus = -1;

  private TrackedProcess(Process process, Transfer transfer) {
    this.process = process;
    this.transfer = transfer;
  }

  /**
   * A builder for a tracked run of {@code command} whose output {@code parser} reads; {@link
   * Flowmeter#track(ProcessBuilder, ProgressParser)} is its shortcut with every default.
   *
   * @param command the process to start; its redirects of standard output and error, if any, are
   *     kept (then nothing of that stream reaches the parser)
   * @param parser a parser for this run alone (parsers remember earlier lines)
   */
  public static Builder builder(ProcessBuilder command, ProgressParser parser) {
    return new Builder(command, parser);
  }

  /** The transfer that shows the process's progress. */
  public Transfer transfer() {
    return transfer;
  }

  /** The process. Prefer {@link #cancel()} to destroying it, so that the transfer says why. */
  public Process process() {
    return process;
  }

  /**
   * Waits until the process has exited, its output has been read and the transfer has ended;
   * returns the exit status.
   *
   * @throws InterruptedException if the waiting thread is interrupted (the process runs on)
   */
  public int waitFor() throws InterruptedException {
    ended.await();
    return exitStatus;
  }

  /**
   * Waits as {@link #waitFor()} does, at most {@code timeout}; returns whether the process ended.
   */
  public boolean waitFor(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Cancels the transfer, which ends the process: see the class description. Returns whether this
   * call cancelled it (false when it had ended already).
   */
  public boolean cancel() {
    return transfer.cancel();
  }

  @Override
  public String toString() {
    return "TrackedProcess(pid " + process.pid() + ", " + transfer.status() + ")";
  }

  private void await(OutputDrain out, OutputDrain err, Runnable beforeEnd, Thread... drains) {
    int status;
    while (true) {
      try {
        status = process.waitFor();
        break;
      } catch (InterruptedException e) {
        // our own daemon thread: nobody interrupts it but to stop it, and the process is not ours
        // to abandon; keep waiting
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
    for (Thread drain : drains) {
      try {
        drain.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        break;
      }
    }
    beforeEnd.run();
    exitStatus = status;
    if (status == 0) {
      transfer.complete();
    } else {
      String line = err.lastLine() != null ? err.lastLine() : out.lastLine();
      // the tool's own words, bounded and made safe: every sink shows them, not only the console
      transfer.fail(
          "exit status "
              + status
              + (line != null ? ": " + Text.sanitize(Text.boundedName(line)) : ""));
    }
    ended.countDown();
  }

  /** Ends the process and its descendants, forcibly after {@code grace}. */
  private static void destroy(Process process, Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    Runnable force =
        () -> {
          if (process.isAlive()) {
            process.destroyForcibly();
          }
          descendants.stream()
              .filter(ProcessHandle::isAlive)
              .forEach(ProcessHandle::destroyForcibly);
        };
    if (grace.isZero()) {
      force.run();
    } else {
      CompletableFuture.delayedExecutor(grace.toNanos(), TimeUnit.NANOSECONDS).execute(force);
    }
  }

  /**
   * Describes a tracked process (the transfer's name, operation and parent, where the tool's output
   * goes, the grace period) and starts it. Not thread-safe; each {@link #start()} starts a new
   * process.
   */
  public static final class Builder {
    private final ProcessBuilder command;
    private final ProgressParser parser;
    private @Nullable String name;
    private String operation = "run";
    private @Nullable Transfer parent;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<ProgressListener> listeners = new ArrayList<>();
    private Source source = Source.BOTH;
    private boolean dropProgress = true;
    private boolean discard;
    private @Nullable Path file;
    private Duration grace = DEFAULT_GRACE;
    private @Nullable Direction direction;

    private Builder(ProcessBuilder command, ProgressParser parser) {
      this.command = Objects.requireNonNull(command, "command");
      this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The transfer's name; by default the file name of the command's program. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The transfer's operation word ({@code convert}, {@code download}, ...); {@code run}. */
    public Builder operation(String operation) {
      Objects.requireNonNull(operation, "operation");
      if (operation.isBlank()) {
        throw new IllegalArgumentException("operation must not be blank");
      }
      this.operation = operation;
      return this;
    }

    /**
     * Which way the tool moves bytes, for sinks and metrics that tell bytes in from bytes out: a
     * tool's output says how far it got, not which way. Without it the operation word decides
     * ({@code download} reads, {@code upload} writes), else it is {@link Direction#UNKNOWN}.
     */
    public Builder direction(Direction direction) {
      this.direction = Objects.requireNonNull(direction, "direction");
      return this;
    }

    /**
     * Makes the transfer a child of {@code parent}, a stage for instance. Without it, a process
     * tracked inside a stage becomes that stage's child as any transfer does.
     */
    public Builder parent(Transfer parent) {
      this.parent = Objects.requireNonNull(parent, "parent");
      return this;
    }

    /** Adds a free-form attribute to the transfer. */
    public Builder attribute(String key, String value) {
      attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds a listener for the transfer's events. */
    public Builder listener(ProgressListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Which output streams carry the progress; {@link Source#BOTH} by default. */
    public Builder progressFrom(Source source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Passes the tool's output through to this JVM's {@code System.out} and {@code System.err} (the
     * default), each stream to its own, so that it lands above Flowmeter's bars as the
     * application's own output does.
     */
    public Builder passThrough() {
      this.discard = false;
      this.file = null;
      return this;
    }

    /** Writes both of the tool's output streams to {@code file}, created or truncated at start. */
    public Builder outputTo(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      this.discard = false;
      return this;
    }

    /** Reads the tool's output for its progress and its last error line, and keeps nothing else. */
    public Builder discardOutput() {
      this.discard = true;
      this.file = null;
      return this;
    }

    /**
     * Whether the lines that stated progress are left out of the output passed on (by default they
     * are: Flowmeter shows that progress itself). With {@code false}, the output passed on is every
     * byte the tool wrote, unchanged ({@code \r} and all).
     */
    public Builder dropProgressLines(boolean drop) {
      this.dropProgress = drop;
      return this;
    }

    /**
     * How long a cancelled process may take to end after {@link Process#destroy()} before it is
     * ended forcibly; 5 s by default, zero to end it forcibly at once.
     *
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public Builder gracePeriod(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace period must not be negative: " + grace);
      }
      this.grace = grace;
      return this;
    }

    /**
     * Starts the process and its transfer.
     *
     * @throws IOException when the process cannot start (a missing program, a directory that does
     *     not exist); the transfer has then failed with the exception's message
     * @throws IllegalArgumentException if the command is empty
     */
    public TrackedProcess start() throws IOException {
      List<String> words = command.command();
      if (words.isEmpty()) {
        throw new IllegalArgumentException("the command is empty");
      }
      TransferBuilder builder =
          Tracker.global()
              .builder(Sources.PROCESS)
              .operation(operation)
              .name(name != null ? name : programName(words.get(0)))
              .attributes(attributes);
      if (parent != null) {
        builder.parent(parent);
      }
      listeners.forEach(builder::listener);
      if (direction != null) {
        builder.direction(direction);
      }
      Transfer transfer = builder.pending();
      @Nullable OutputStream fileOut = null;
      Process process;
      try {
        if (file != null) {
          fileOut = Files.newOutputStream(file);
        }
        process = command.start();
      } catch (IOException | RuntimeException e) {
        transfer.start();
        transfer.fail(e);
        if (fileOut != null) {
          fileOut.close();
        }
        throw e;
      }
      transfer.start();
      TrackedProcess tracked = new TrackedProcess(process, transfer);
      new Run(tracked, fileOut).start();
      Duration wait = grace;
      transfer.onCancel(() -> destroy(process, wait));
      return tracked;
    }

    private static String programName(String program) {
      int slash = Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\'));
      return program.substring(slash + 1);
    }

    /** The threads of one run: two drains and the one that waits for the exit. */
    private final class Run {
      private final TrackedProcess tracked;
      private final @Nullable OutputStream fileOut;
      private final Object parserLock = new Object();

      Run(TrackedProcess tracked, @Nullable OutputStream fileOut) {
        this.tracked = tracked;
        this.fileOut = fileOut;
      }

      void start() {
        Process process = tracked.process;
        Charset charset = nativeCharset();
        OutputDrain out =
            new OutputDrain(
                process.getInputStream(),
                target(() -> System.out),
                dropProgress,
                source != Source.STDERR ? this::parse : line -> false,
                charset);
        OutputDrain err =
            new OutputDrain(
                process.getErrorStream(),
                target(() -> System.err),
                dropProgress,
                source != Source.STDOUT ? this::parse : line -> false,
                charset);
        String prefix = "flowmeter-process-" + process.pid();
        Thread outThread = daemon(prefix + "-out", out);
        Thread errThread = daemon(prefix + "-err", err);
        daemon(
            prefix + "-wait", () -> tracked.await(out, err, this::closeFile, outThread, errThread));
      }

      private @Nullable Supplier<OutputStream> target(Supplier<OutputStream> console) {
        if (discard) {
          return null;
        }
        OutputStream shared = fileOut;
        if (shared == null) {
          return console;
        }
        // both drains write whole chunks or lines to one file: one at a time
        OutputStream locked =
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                synchronized (shared) {
                  shared.write(b, off, len);
                }
              }
            };
        return () -> locked;
      }

      private boolean parse(String line) {
        ToolProgress progress;
        synchronized (parserLock) {
          try {
            progress = parser.parse(line);
          } catch (Throwable e) { // an Error too: a drain that died would leave the process
            // blocked on a full pipe and waitFor() hanging for ever
            UserCode.rethrowIfThreadDeath(e);
            // a parser of the application's own broke its contract: the line states no progress
            Diagnostics.once(
                "process-parser:" + parser.getClass().getName(),
                "progress parser " + UserCode.text(parser) + " threw " + e + "; line ignored",
                e);
            return false;
          }
        }
        if (progress == null) {
          return false;
        }
        Transfer transfer = tracked.transfer;
        if (progress.totalBytes() >= 0) {
          transfer.totalBytes(progress.totalBytes());
        }
        if (progress.bytesDone() >= 0) {
          transfer.progress(progress.bytesDone());
        }
        if (progress.totalBytes() < 0 && !Double.isNaN(progress.fraction())) {
          transfer.fraction(progress.fraction());
        }
        return true;
      }

      private void closeFile() {
        if (fileOut != null) {
          try {
            synchronized (fileOut) {
              fileOut.close();
            }
          } catch (IOException e) {
            Diagnostics.once(
                "process-output:" + file, "could not close the process's output file " + file, e);
          }
        }
      }
    }

    private static Thread daemon(String name, Runnable task) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    private static Charset nativeCharset() {
      String name = System.getProperty("native.encoding");
      try {
        return name != null ? Charset.forName(name) : Charset.defaultCharset();
      } catch (RuntimeException e) {
        return Charset.defaultCharset(); // an encoding this JVM lacks: the default decodes digits
      }
    }
  }
}
