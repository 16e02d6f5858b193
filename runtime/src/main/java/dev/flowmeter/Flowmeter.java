// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import dev.flowmeter.console.ConsoleOutput;
import dev.flowmeter.internal.Config;
import dev.flowmeter.internal.InterruptCancel;
import dev.flowmeter.internal.OperationImpl;
import dev.flowmeter.internal.Scope;
import dev.flowmeter.internal.ScopedExecutorService;
import dev.flowmeter.internal.TrackedCall;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.internal.UserCode;
import dev.flowmeter.io.CountingStreams;
import dev.flowmeter.process.ProgressParser;
import dev.flowmeter.process.ProgressParsers;
import dev.flowmeter.process.TrackedProcess;
import dev.flowmeter.sink.ProgressSink;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

/**
 * The entry point: wraps what moves bytes so that its progress is reported, or starts transfers to
 * count by hand.
 *
 * <pre>{@code
 * try (InputStream in = Flowmeter.wrap(Files.newInputStream(path), path);
 *     OutputStream out = Files.newOutputStream(target)) {
 *   in.transferTo(out);   // a bar on the console, speed and ETA included
 * }
 * }</pre>
 *
 * <p>All transfers of the JVM report into one tracker, created on first use from the {@code
 * flowmeter.*} configuration (system properties, then {@code FLOWMETER_*} environment variables,
 * then the file named by {@code flowmeter.config}). No configuration makes a method of this class
 * throw or block: a value Flowmeter cannot use (an unknown sink, a malformed number, a sink that
 * cannot open its file, a configuration file that cannot be read) is said once on standard error,
 * in one line naming the key, the value and what is accepted, and Flowmeter runs on with the rest.
 * An unknown {@code flowmeter.*} key is a warning naming the closest known key. Those who want a
 * mistake to stop the program call {@link #configure()} (or {@link #validate()}) at start-up.
 *
 * <p>Wrapped streams are transparent: they return, write and throw exactly what the wrapped stream
 * does. The only work added to a {@code read} or {@code write} is one addition to a counter;
 * sampling, speed, ETA and output happen on Flowmeter's own daemon threads.
 */
public final class Flowmeter {
  private Flowmeter() {}

  /**
   * Checks the configuration without starting anything: reads the same {@code flowmeter.*} keys the
   * first transfer would, through the same code, and throws if anything in them cannot be used.
   *
   * <p>Checked: the configuration file named by {@code flowmeter.config} (exists, is a regular
   * file, can be read), every runtime key's value and range ({@code flowmeter.interval} from 1 ms
   * to 1 h, ...), the sink specs of {@code flowmeter.sinks} (syntax, names, empty entries, {@code
   * none} beside other sinks, an unknown sink) and each sink's {@code interval}. Not checked: what
   * only a sink's provider knows (its argument, its own options, whether its file opens), which
   * {@link #configure()} finds by creating the sinks, and the agent's keys ({@code
   * flowmeter.agent.*}, {@code flowmeter.instrumentation.*}, ...), which the agent checks when it
   * starts. Unknown keys are not errors: each is said once on standard error, with the closest
   * known key.
   *
   * <p>Thread-safe; may be called any number of times, and reads the configuration anew each time.
   *
   * @throws ConfigException listing every problem found: its message names each key, value and what
   *     would be accepted, and {@link ConfigException#problems()} gives each one
   */
  public static void validate() {
    List<ConfigException> problems = new ArrayList<>();
    Config.fromSystem(Config.Problems.into(problems)).validate();
    throwIfAny(problems);
  }

  /**
   * Fail-fast start-up: {@link #validate() validates} the configuration, then applies it to
   * Flowmeter's tracker now rather than at the first transfer, starting its sinks, and throws if
   * one of them cannot start (a provider that throws, a file that cannot be opened).
   *
   * <pre>{@code
   * public static void main(String[] args) {
   *   Flowmeter.configure(); // a typo in -Dflowmeter.sinks stops the program here
   *   ...
   * }
   * }</pre>
   *
   * <p>Each call reads the configuration anew (system properties, environment, the file of {@code
   * flowmeter.config}), so calling it again gives the same answer for the same configuration and
   * applies a corrected one:
   *
   * <ul>
   *   <li>When validation finds a problem, it throws and applies nothing: what ran before (the
   *       sinks of an earlier call or of the first transfer) runs on unchanged.
   *   <li>Otherwise the settings ({@code flowmeter.interval}, {@code flowmeter.retention}, ...) are
   *       applied, and the sinks of {@code flowmeter.sinks} are made to match the configuration: a
   *       running sink whose spec and options did not change is kept as it is (its file is not
   *       opened again, no event reaches it twice); one that changed is replaced and one no longer
   *       named is stopped (what waits for it is delivered, then it is flushed and closed); one
   *       that is new, or that is not running (its start failed, in this call or an earlier one, or
   *       it was switched off after failures), is started now. A sink started by this call sees the
   *       transfers from then on. Sinks added with {@link #addSink} are left alone.
   *   <li>When a sink cannot start, it throws after the others were applied: the sinks that could
   *       start run, as they would have without this call, and the next call tries it again.
   * </ul>
   *
   * <p>Thread-safe: concurrent calls are applied one after the other.
   *
   * @throws ConfigException listing every problem found, as {@link #validate()} does
   */
  public static void configure() {
    List<ConfigException> problems = new ArrayList<>();
    Config config = Config.fromSystem(Config.Problems.into(problems));
    config.validate();
    throwIfAny(problems);
    Tracker.configureGlobal(config);
    throwIfAny(problems);
  }

  private static void throwIfAny(List<ConfigException> problems) {
    if (!problems.isEmpty()) {
      throw ConfigException.of(problems);
    }
  }

  /** A builder for a transfer with an operation, name, total, attributes, parent or listeners. */
  public static TransferBuilder transfer() {
    return new TransferBuilder(Tracker.global());
  }

  /** Starts a transfer of unknown total to count by hand. */
  public static Transfer start(String name) {
    return transfer().name(name).start();
  }

  /** Starts a transfer of {@code totalBytes} to count by hand. */
  public static Transfer start(String name, long totalBytes) {
    return transfer().name(name).totalBytes(totalBytes).start();
  }

  /**
   * Starts a {@link FileGroup} named {@code name}, with the default vocabulary ({@code uploading},
   * {@code queued}, {@code processing}, {@code completed}, {@code error}) and files that go on when
   * one fails; {@link #fileGroup(String)} describes any other.
   */
  public static FileGroup group(String name) {
    return fileGroup(name).start();
  }

  /**
   * A builder for a {@link FileGroup}: its operation word, its files' {@link FileSteps vocabulary}
   * (with percentage ranges), whether the first failure stops it, its attributes.
   */
  public static FileGroup.Builder fileGroup(String name) {
    return new FileGroup.Builder(Tracker.global(), name);
  }

  /**
   * Wraps an input stream. A {@link java.io.FileInputStream}'s total is found from its file; any
   * other stream's total is unknown.
   */
  public static InputStream wrap(InputStream in) {
    return transfer().wrap(in);
  }

  /** Wraps an input stream under {@code name}. */
  public static InputStream wrap(InputStream in, String name) {
    return transfer().name(name).wrap(in);
  }

  /** Wraps an input stream under {@code name} with a known total. */
  public static InputStream wrap(InputStream in, String name, long totalBytes) {
    return transfer().name(name).totalBytes(totalBytes).wrap(in);
  }

  /** Wraps an input stream that reads {@code source}: named after the file, its size as total. */
  public static InputStream wrap(InputStream in, Path source) {
    return transfer().file(source).wrap(in);
  }

  /** Wraps an input stream that reads {@code source}: named after the file, its size as total. */
  public static InputStream wrap(InputStream in, File source) {
    return transfer().file(Objects.requireNonNull(source, "source").toPath()).wrap(in);
  }

  /** Opens {@code file} for reading, counted, with its size as total. */
  public static InputStream open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    InputStream in = Files.newInputStream(file);
    return transfer().file(file).wrap(in);
  }

  /** Opens {@code file} for reading, counted, with its size as total. */
  public static InputStream open(File file) throws IOException {
    return open(Objects.requireNonNull(file, "file").toPath());
  }

  /** Wraps an output stream; its total is unknown. */
  public static OutputStream wrap(OutputStream out) {
    return transfer().wrap(out);
  }

  /** Wraps an output stream under {@code name}. */
  public static OutputStream wrap(OutputStream out, String name) {
    return transfer().name(name).wrap(out);
  }

  /** Wraps an output stream under {@code name} with a known total. */
  public static OutputStream wrap(OutputStream out, String name, long totalBytes) {
    return transfer().name(name).totalBytes(totalBytes).wrap(out);
  }

  /**
   * Wraps a readable channel. A file channel's total is its size less its position. (A {@link
   * FileChannel} is both readable and writable: use {@link #wrapReading(FileChannel)}.)
   */
  public static ReadableByteChannel wrap(ReadableByteChannel channel) {
    return transfer().wrap(channel);
  }

  /** Wraps a writable channel; its total is unknown. */
  public static WritableByteChannel wrap(WritableByteChannel channel) {
    return transfer().wrap(channel);
  }

  /** Wraps a file channel that is read from, with its size less its position as total. */
  public static ReadableByteChannel wrapReading(FileChannel channel) {
    return transfer().wrapReading(channel);
  }

  /** Wraps a file channel that is written to. */
  public static WritableByteChannel wrapWriting(FileChannel channel) {
    return transfer().wrapWriting(channel);
  }

  /** Wraps a reader; the transfer counts characters. */
  public static Reader wrap(Reader reader) {
    return transfer().wrap(reader);
  }

  /** Wraps a writer; the transfer counts characters. */
  public static Writer wrap(Writer writer) {
    return transfer().wrap(writer);
  }

  /** Wraps an iterable; each of its iterators counts items. A collection's size is its total. */
  public static <T> Iterable<T> wrap(Iterable<T> iterable) {
    return transfer().wrap(iterable);
  }

  /** Wraps an iterable with {@code total} items. */
  public static <T> Iterable<T> wrap(Iterable<T> iterable, long total) {
    return transfer().totalBytes(total).wrap(iterable);
  }

  /** Wraps an iterator with {@code total} items (negative for unknown). */
  public static <T> Iterator<T> wrap(Iterator<T> iterator, long total) {
    return transfer().totalBytes(total).wrap(iterator);
  }

  /** Wraps a stream with {@code total} items (negative for unknown). */
  public static <T> Stream<T> wrap(Stream<T> stream, long total) {
    return transfer().totalBytes(total).wrap(stream);
  }

  // ---------------------------------------------------------------- external processes

  /**
   * Starts {@code command} and shows its progress, read from its output by {@code parser}, as a
   * transfer named after its program; ends the transfer when the process exits.
   *
   * <pre>{@code
   * ProcessBuilder ffmpeg = new ProcessBuilder("ffmpeg", "-i", "in.mp4", "out.webm");
   * int status = Flowmeter.track(ffmpeg, ProgressParsers.ffmpeg()).waitFor();
   * }</pre>
   *
   * <p>The tool's output is passed through to {@code System.out} and {@code System.err}, less the
   * lines that stated progress. {@link TrackedProcess#builder} sets a name, an operation, a parent,
   * where the output goes and the grace period of a cancel; {@link TrackedProcess} says how the
   * output is read and how the transfer ends.
   *
   * @param command the process to start
   * @param parser a parser for this run alone, from {@link ProgressParsers} or your own
   * @throws IOException when the process cannot start; its transfer has then failed with the
   *     exception's message
   */
  public static TrackedProcess track(ProcessBuilder command, ProgressParser parser)
      throws IOException {
    return TrackedProcess.builder(command, parser).start();
  }

  // ---------------------------------------------------------------- operations

  /**
   * Starts a multi-stage operation named {@code name}: add its stages with {@link
   * Operation#addStage}, run each inside it with {@link Stage#run}, then {@link
   * Operation#complete()} it. The name keys the history its ETA learns from ({@code
   * flowmeter.history}): runs of operations of the same name learn from each other.
   *
   * <p>Like every transfer started without a parent, an operation started inside a stage of another
   * is that stage's child. Never throws for a configuration error.
   */
  public static Operation operation(String name) {
    return OperationImpl.start(Tracker.global(), Objects.requireNonNull(name, "name"));
  }

  // ---------------------------------------------------------------- scoped attributes

  /**
   * Runs {@code task} with {@code attributes} on every transfer the thread starts meanwhile:
   * wrapped streams, hand-counted transfers, {@code @Tracked} calls and, under the agent, the JDK's
   * own I/O. Tasks the thread hands to an executor wrapped with {@link #wrap(Executor)} carry them
   * too. A transfer's own attributes win over the scope's, and the scope's over its parent's.
   *
   * <pre>{@code
   * Flowmeter.withAttributes(Map.of("user", userId), () -> storage.upload(file));
   * }</pre>
   *
   * <p>Scopes nest: an inner scope adds to the outer one. The thread's scope is restored when
   * {@code task} returns or throws.
   */
  public static void withAttributes(Map<String, String> attributes, Runnable task) {
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(task, "task");
    Scope.capture().with(attributes).run(task);
  }

  /**
   * As {@link #withAttributes(Map, Runnable)}, returning what {@code task} returns and throwing
   * what it throws.
   */
  public static <T> T callWithAttributes(Map<String, String> attributes, Callable<T> task)
      throws Exception {
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(task, "task");
    return Scope.capture().with(attributes).call(task);
  }

  /**
   * An executor that runs each task in the scope ({@link #withAttributes}) of the thread that
   * handed it over, so that transfers started by the task carry that thread's attributes and, when
   * it ran inside a {@link Stage} ({@link Stage#run}), are that stage's children.
   */
  public static Executor wrap(Executor executor) {
    return ScopedExecutorService.wrap(executor);
  }

  /**
   * An executor service that runs each task in the scope ({@link #withAttributes}, and the {@link
   * Stage}) of the thread that submitted it; shutting it down shuts {@code executor} down.
   */
  public static ExecutorService wrap(ExecutorService executor) {
    return executor instanceof ScopedExecutorService
        ? executor // wrapped already: one hand-over, not two
        : new ScopedExecutorService(executor);
  }

  // ---------------------------------------------------------------- sinks added by code

  /**
   * Adds {@code sink} beside those of {@code flowmeter.sinks}, for sinks that are objects rather
   * than names (a test's recorder, a JMX bean, a sink built with the application's own
   * dependencies). It gets every event from now on, on a thread of its own, with progress at most
   * once per {@code interval}, under the same rules as every sink: a failure is reported once and
   * isolated, lifecycle events are never dropped.
   *
   * @param name the name used in messages about the sink
   * @throws IllegalArgumentException when {@code interval} is negative or over a day, or the sink
   *     is added already
   */
  public static void addSink(String name, ProgressSink sink, Duration interval) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "interval must be from 0 to 1 day, not " + interval + " (0 sends every snapshot)");
    }
    if (!Tracker.global().addSink(name, sink, interval)) {
      throw new IllegalArgumentException(
          "sink "
              + UserCode.text(sink)
              + " is added already (it would get every event twice; a lambda that captures"
              + " nothing is one object however often it is written)");
    }
  }

  /**
   * Adds {@code sink} with progress at most once a second; see {@link #addSink(String,
   * ProgressSink, Duration)}.
   */
  public static void addSink(String name, ProgressSink sink) {
    addSink(name, sink, Duration.ofSeconds(1));
  }

  /**
   * Removes a sink added with {@link #addSink}: what is waiting for it is delivered, then it is
   * flushed and closed (waiting at most {@code flowmeter.shutdown-timeout}). Returns whether it was
   * there.
   */
  public static boolean removeSink(ProgressSink sink) {
    return Tracker.global().removeSink(Objects.requireNonNull(sink, "sink"));
  }

  /**
   * The transfer behind {@code wrapped}, when it is a stream, reader, writer, channel, iterator or
   * stream of items returned by Flowmeter ({@code wrap}, {@code open}, a {@link TransferBuilder}),
   * or a stream a {@link Tracked} call counts (a parameter it wrapped, the stream it returned);
   * empty for anything else. Inside a {@code @Tracked} method, {@link #currentTracked()} gives the
   * call's transfer without a stream to ask.
   *
   * <p>Through it, another thread can cancel the transfer, and so stop the reading or writing:
   *
   * <pre>{@code
   * InputStream in = Flowmeter.wrap(Files.newInputStream(path), path);
   * Transfer transfer = Flowmeter.transferOf(in).orElseThrow();
   * cancelButton.onClick(() -> transfer.cancel("stopped by the user"));
   * try (in; OutputStream out = Files.newOutputStream(target)) {
   *   in.transferTo(out);          // throws InterruptedIOException once cancelled
   * } catch (InterruptedIOException e) {
   *   Files.deleteIfExists(target);
   * }
   * }</pre>
   *
   * <p>An {@link Iterable} returned by {@code wrap} has no transfer of its own (each of its
   * iterators has one); a stream of items has one only as returned, not after further operations
   * ({@code map}, {@code filter}) made a new stream of it. Never throws for a configuration error.
   *
   * @param wrapped what a Flowmeter method returned
   * @throws NullPointerException if {@code wrapped} is {@code null}
   */
  public static Optional<Transfer> transferOf(Object wrapped) {
    Objects.requireNonNull(wrapped, "wrapped");
    return Optional.ofNullable(CountingStreams.transferOf(wrapped));
  }

  /**
   * The transfer of the innermost {@link Tracked} call running on this thread; empty outside one.
   *
   * <p>A call is running from the moment the generated {@code Foo_Tracked} method (or, under the
   * Java agent, the instrumented {@code @Tracked} method or a method named in {@code
   * flowmeter.methods.include}) enters until it returns or throws, and only on the thread that
   * called it. In a call made inside another, the inner call's transfer is the one given (a child
   * of the outer one), and the outer one is current again once the inner call ends. Without the
   * agent, calling {@code Foo.m()} directly rather than through {@code Foo_Tracked} starts no call.
   *
   * <p>Through it the method reaches its own transfer, for example to set the total once it is
   * known, to cancel the call, or to start a child transfer counted by hand:
   *
   * <pre>{@code
   * @Tracked(operation = "download", name = "download {key}")
   * public InputStream openDownload(String key) throws IOException {
   *   Response response = http.get(key);
   *   Flowmeter.currentTracked().ifPresent(t -> t.totalBytes(response.contentLength()));
   *   return response.body();
   * }
   * }</pre>
   *
   * <p>A stream the method returns keeps counting into the call's transfer after the method has
   * returned, while this is empty again: reach that transfer with {@link #transferOf(Object)}.
   * Empty also when the call runs untracked because Flowmeter could not start (a configuration
   * error, reported once). Never throws; one thread-local read, so it may be called at every step.
   */
  public static Optional<Transfer> currentTracked() {
    return TrackedCall.current();
  }

  /**
   * Adds a listener for every transfer of the JVM. Each global listener has its own thread, so a
   * slow one delays only itself.
   */
  public static void addListener(ProgressListener listener) {
    Tracker.global().addListener(listener);
  }

  /** Removes a listener added with {@link #addListener}; returns whether it was there. */
  public static boolean removeListener(ProgressListener listener) {
    return Tracker.global().removeListener(listener);
  }

  /**
   * Snapshots of the transfers running now and of those finished within {@code
   * flowmeter.retention}, oldest first.
   */
  public static List<ProgressEvent> transfers() {
    return Tracker.global().snapshots();
  }

  /**
   * Waits until every event so far has been delivered to every sink and listener and the sinks have
   * flushed, or until {@code timeoutMillis} has passed; returns whether everything was delivered.
   *
   * <p>It returns {@code false} for good once a sink or listener missed a transfer: it was cut off
   * or switched off, or it fell {@code flowmeter.sink-backlog} transfers behind (then what it does
   * have is still delivered and flushed first, and the number it missed is said on standard error).
   * A sink or listener switched off after {@code flowmeter.sink-failures} failures in a row (said
   * in one line on standard error) is not waited for: the other sinks are, and the result is {@code
   * false}.
   */
  public static boolean flush(long timeoutMillis) {
    return Tracker.global().flush(timeoutMillis);
  }

  /**
   * Makes Ctrl+C (SIGINT) cancel {@code transfer} and run {@code cleanup} before the program exits
   * as it would have.
   *
   * <p>On Ctrl+C, while {@code transfer} runs: it is cancelled with the reason {@code interrupted
   * (Ctrl+C)} (its children and stages with it: wrapped streams in use throw {@link
   * java.io.InterruptedIOException}, its {@link Transfer#onCancel} actions run, every sink sees
   * {@code cancelled}); then {@code cleanup} runs, once, on the signal's thread; one line is
   * printed above the bars, on the console's stream ({@code Installing PostgreSQL cancelled at 45 %
   * (stage 3 of 5); cleaned up}, or {@code ; cleanup failed: <message>}); then the signal goes to
   * the handler that was there before, so the JVM exits with status 130 as without Flowmeter. All
   * of it happens before the JVM begins to exit: the cleanup has finished before any shutdown hook
   * runs, and Flowmeter's own hook finds the transfer already cancelled.
   *
   * <p>Once the transfer has ended, or the hook is closed, Ctrl+C does exactly what it did without
   * Flowmeter. A second SIGINT while the first is handled waits for it (a wrapper such as {@code
   * timeout} passes the terminal's Ctrl+C on, so the JVM gets it twice); a third exits at once.
   *
   * <p>Limits: when SIGINT is ignored (a background job of a non-interactive shell, {@code nohup}),
   * nothing is installed and Ctrl+C stays ignored. Where signals cannot be handled (a runtime image
   * without the {@code jdk.unsupported} module), that is said once on standard error and the hook
   * does nothing. A program that installs its own SIGINT handler after this call replaces
   * Flowmeter's. Keep {@code cleanup} short: the user is waiting for the exit.
   *
   * @param transfer the transfer to cancel: an operation, a group or any transfer
   * @param cleanup what to run after the cancellation, such as deleting partial files
   * @return a hook that removes the registration when closed
   */
  public static InterruptHook cancelOnInterrupt(Transfer transfer, Runnable cleanup) {
    Objects.requireNonNull(cleanup, "cleanup");
    return InterruptCancel.global()
        .register(transfer, cleanup, ConsoleOutput::println, Flowmeter::settleForInterrupt);
  }

  /**
   * As {@link #cancelOnInterrupt(Transfer, Runnable)} without a cleanup of its own: the transfer's
   * {@link Transfer#onCancel} actions are the cleanup, and the line says {@code Installing
   * PostgreSQL cancelled at 45 % (stage 3 of 5)}.
   *
   * @param transfer the transfer to cancel
   * @return a hook that removes the registration when closed
   */
  public static InterruptHook cancelOnInterrupt(Transfer transfer) {
    return InterruptCancel.global()
        .register(transfer, null, ConsoleOutput::println, Flowmeter::settleForInterrupt);
  }

  /** Lets the sinks show the cancellation before the summary line is printed below it. */
  private static void settleForInterrupt() {
    Tracker.global().flush(500);
  }
}
