// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.Status;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Performs every {@link LifecycleScenario} through one {@link LifecycleDoor}, one after the other
 * on this thread (the concurrent one on 32 threads of its own), and returns what each showed: the
 * same code for every door, in the runtime's and the processor's test JVMs and in the agent's
 * forked one.
 *
 * <p>Every lifecycle event is taken from one global {@link ProgressListener}, which, like every
 * sink, must receive each exactly once and in order per transfer. Waits are bounded polls for an
 * event to arrive (10 s; 30 s for a garbage collection), never timing assertions.
 */
public final class LifecycleRunner {
  /** The size of the file most scenarios read. */
  public static final int FILE_SIZE = 256 * 1024;

  /** What a scenario that stops early reads before it stops. */
  public static final int PART = 64 * 1024;

  /** The threads of {@link LifecycleScenario#CONCURRENT}. */
  public static final int THREADS = 32;

  /** The streams each thread of {@link LifecycleScenario#CONCURRENT} reads. */
  public static final int STREAMS_PER_THREAD = 50;

  /** The size of the file {@link LifecycleScenario#CONCURRENT} reads. */
  public static final int SMALL_FILE_SIZE = 16 * 1024;

  /** The uncompressed size of the gzip file {@link LifecycleScenario#FAILURE} reads. */
  static final int GZIP_CONTENT = 1024 * 1024;

  /** Outcome: the stream was read to its end. */
  public static final String READ_TO_END = "read to the end";

  /** Outcome: the transfer had ended when the end of the stream was reached, before close. */
  public static final String ENDED_AT_END_OF_STREAM = "ended at the end of the stream";

  /** Outcome: the transfer was still running after the end of the stream had been reached. */
  public static final String NOT_ENDED_AT_END_OF_STREAM = "not ended at the end of the stream";

  /** Outcome: the stream was closed after part of it was read. */
  public static final String CLOSED = "closed";

  /** Outcome: the stream was dropped without close and its transfer ended. */
  public static final String DROPPED = "dropped";

  /** Outcome prefix: the read threw; the exception's class and message follow. */
  public static final String THREW = "threw ";

  private static final long WAIT_NANOS = 10_000_000_000L;
  private static final long GC_WAIT_NANOS = 30_000_000_000L;

  private LifecycleRunner() {}

  /**
   * Performs every scenario through {@code door}, reading files it writes in {@code dir}, and
   * returns what each showed.
   */
  public static Map<LifecycleScenario, Observation> run(LifecycleDoor door, Path dir)
      throws Exception {
    Recorder recorder = new Recorder();
    Flowmeter.addListener(recorder);
    try {
      Map<LifecycleScenario, Outcome> outcomes = new EnumMap<>(LifecycleScenario.class);
      for (LifecycleScenario s : LifecycleScenario.values()) {
        outcomes.put(s, perform(s, door, dir, recorder));
      }
      // anything still on its way (a second final event, say) arrives before the events are read
      Flowmeter.flush(WAIT_NANOS / 1_000_000);
      Map<LifecycleScenario, Observation> observed = new EnumMap<>(LifecycleScenario.class);
      outcomes.forEach(
          (s, o) -> observed.put(s, new Observation(recorder.of(s.label()), o.bytes, o.text)));
      return observed;
    } finally {
      Flowmeter.removeListener(recorder);
    }
  }

  private static Outcome perform(
      LifecycleScenario s, LifecycleDoor door, Path dir, Recorder recorder) throws Exception {
    String label = s.label();
    switch (s) {
      case END_OF_STREAM:
        {
          InputStream in = door.open(label, file(dir, label + ".bin", FILE_SIZE));
          long n = readToEnd(in);
          boolean ended = recorder.awaitFinals(label, 1);
          in.close();
          recorder.awaitFinals(label, 1);
          return new Outcome(n, ended ? ENDED_AT_END_OF_STREAM : NOT_ENDED_AT_END_OF_STREAM);
        }
      case CLOSE_EARLY:
        {
          InputStream in = door.open(label, file(dir, label + ".bin", FILE_SIZE));
          long n = readUpTo(in, PART);
          in.close();
          recorder.awaitFinals(label, 1);
          return new Outcome(n, CLOSED);
        }
      case FAILURE:
      case CALL_FAILURE:
        return throwing(
            door,
            label,
            truncatedGzip(dir, label + ".gz"),
            false,
            s == LifecycleScenario.CALL_FAILURE,
            recorder);
      case INTERRUPT:
      case CALL_INTERRUPT:
        return throwing(
            door,
            label,
            channel(dir, label + ".bin", FILE_SIZE),
            true,
            s == LifecycleScenario.CALL_INTERRUPT,
            recorder);
      case CANCEL_ELSEWHERE:
        return cancelledElsewhere(door, label, file(dir, label + ".bin", FILE_SIZE), recorder);
      case ABANDONED:
        {
          long n = readPartAndDrop(door, label, file(dir, label + ".bin", FILE_SIZE));
          long deadline = System.nanoTime() + GC_WAIT_NANOS;
          while (recorder.finals(label) < 1 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20); // lets the Cleaner run after a collection
          }
          return new Outcome(n, DROPPED);
        }
      case CONCURRENT:
        return concurrent(door, label, file(dir, label + ".bin", SMALL_FILE_SIZE), recorder);
    }
    throw new IllegalArgumentException("unknown scenario " + s);
  }

  /**
   * Reads {@code source} until a read throws: on a stream the caller ends ({@link
   * LifecycleDoor#open}), closed after the throw, or ({@code inCall}) inside one call ({@link
   * LifecycleDoor#read}) that the exception leaves, closed on its way out. With {@code interrupt},
   * part is read first and then the thread is interrupted.
   */
  private static Outcome throwing(
      LifecycleDoor door,
      String label,
      LifecycleSource source,
      boolean interrupt,
      boolean inCall,
      Recorder recorder)
      throws IOException, InterruptedException {
    long[] n = {0};
    LifecycleReader reader =
        in -> {
          if (interrupt) {
            n[0] = readUpTo(in, PART);
            Thread.currentThread().interrupt();
          }
          try {
            readToEnd(in, n);
          } finally {
            Thread.interrupted(); // clears the flag if the read left it set
          }
          return n[0];
        };
    String outcome = READ_TO_END;
    if (inCall) {
      try {
        door.read(
            label,
            source,
            in -> {
              try (in) {
                return reader.read(in);
              }
            });
      } catch (IOException e) {
        outcome = threw(e);
      }
    } else {
      InputStream in = door.open(label, source);
      try {
        reader.read(in);
      } catch (IOException e) {
        outcome = threw(e);
      }
      in.close(); // changes nothing: the transfer has ended
    }
    recorder.awaitFinals(label, 1);
    return new Outcome(n[0], outcome);
  }

  /**
   * Reads part of the stream, has another thread cancel its transfer while this one waits, then
   * reads on: the outcome says whether the reading went on to the end or threw.
   */
  private static Outcome cancelledElsewhere(
      LifecycleDoor door, String label, LifecycleSource source, Recorder recorder)
      throws IOException, InterruptedException {
    AtomicReference<String> outcome = new AtomicReference<>();
    long n =
        door.read(
            label,
            source,
            in -> {
              long[] count = {readUpTo(in, PART)};
              AtomicReference<Throwable> cancelFailed = new AtomicReference<>();
              Runnable cancel;
              try {
                cancel = door.canceller(label, in);
              } catch (RuntimeException e) {
                cancelFailed.set(e);
                cancel = () -> {};
              }
              Thread canceller = new Thread(cancel, "lifecycle-canceller");
              canceller.setUncaughtExceptionHandler((t, e) -> cancelFailed.set(e));
              canceller.start();
              try {
                canceller.join();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the canceller ran");
              }
              if (cancelFailed.get() != null) {
                outcome.set("no cancel: " + describe(cancelFailed.get()));
              }
              try {
                readToEnd(in, count);
                outcome.compareAndSet(null, READ_TO_END);
              } catch (IOException e) {
                outcome.compareAndSet(null, threw(e));
              } finally {
                in.close();
              }
              return count[0];
            });
    recorder.awaitFinals(label, 1);
    return new Outcome(n, outcome.get());
  }

  /** Its own frame, so that nothing on the caller's stack keeps the dropped stream reachable. */
  private static long readPartAndDrop(LifecycleDoor door, String label, LifecycleSource source)
      throws IOException {
    InputStream in = door.open(label, source);
    return readUpTo(in, PART);
  }

  private static Outcome concurrent(
      LifecycleDoor door, String label, LifecycleSource source, Recorder recorder)
      throws InterruptedException {
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Throwable> error = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < STREAMS_PER_THREAD; i++) {
                    try (InputStream in = door.open(label, source)) {
                      bytes.addAndGet(readToEnd(in));
                    }
                  }
                } catch (Exception | AssertionError e) {
                  error.compareAndSet(null, e);
                }
              },
              "lifecycle-reader-" + t);
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    recorder.awaitFinals(label, THREADS * STREAMS_PER_THREAD);
    return new Outcome(
        bytes.get(), error.get() == null ? READ_TO_END : THREW + describe(error.get()));
  }

  // ---------------------------------------------------------------- reading

  private static long readToEnd(InputStream in) throws IOException {
    long[] n = {0};
    readToEnd(in, n);
    return n[0];
  }

  /**
   * Reads to the end, adding to {@code n[0]} as it goes, so a caller knows the count on a throw.
   */
  private static void readToEnd(InputStream in, long[] n) throws IOException {
    byte[] buffer = new byte[8192];
    for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
      n[0] += r;
    }
  }

  private static long readUpTo(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[8192];
    long n = 0;
    while (n < limit) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, limit - n));
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  private static String threw(Throwable e) {
    return THREW + describe(e);
  }

  private static String describe(Throwable e) {
    return LifecycleEvent.oneLine(e.getClass().getName() + ": " + e.getMessage());
  }

  // ---------------------------------------------------------------- sources

  /** A file of {@code size} bytes, read through a {@link FileInputStream}. */
  private static LifecycleSource file(Path dir, String name, int size) throws IOException {
    Path file = write(dir.resolve(name), content(size));
    return new Source(() -> new FileInputStream(file.toFile()), size);
  }

  /** A file read through a {@link FileChannel}, which an interrupt closes. */
  private static LifecycleSource channel(Path dir, String name, int size) throws IOException {
    Path file = write(dir.resolve(name), content(size));
    return new Source(
        () -> Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ)), size);
  }

  /**
   * A gzip file cut to two thirds of its length, read through a {@link GZIPInputStream}: the read
   * that reaches the cut throws {@code EOFException: Unexpected end of ZLIB input stream}. The
   * uncompressed total is unknown, as it is to any reader of a gzip stream.
   */
  private static LifecycleSource truncatedGzip(Path dir, String name) throws IOException {
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
      out.write(content(GZIP_CONTENT));
    }
    byte[] whole = gzip.toByteArray();
    Path file = write(dir.resolve(name), Arrays.copyOf(whole, whole.length * 2 / 3));
    return new Source(() -> new GZIPInputStream(new FileInputStream(file.toFile())), -1);
  }

  private static Path write(Path file, byte[] content) throws IOException {
    return Files.write(file, content);
  }

  /** Bytes that compress well, so that a gzip file stays small beside what it holds. */
  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i % 64);
    }
    return bytes;
  }

  private interface Opener {
    InputStream open() throws IOException;
  }

  private static final class Source implements LifecycleSource {
    private final Opener opener;
    private final long total;

    Source(Opener opener, long total) {
      this.opener = opener;
      this.total = total;
    }

    @Override
    public InputStream open() throws IOException {
      return opener.open();
    }

    @Override
    public long total() {
      return total;
    }
  }

  private static final class Outcome {
    final long bytes;
    final String text;

    Outcome(long bytes, String text) {
      this.bytes = bytes;
      this.text = text;
    }
  }

  // ---------------------------------------------------------------- events

  /** Every lifecycle event of a read, in the order it was delivered to this listener. */
  private static final class Recorder implements ProgressListener {
    private final List<ProgressEvent> events = new ArrayList<>();

    @Override
    public void onEvent(ProgressEvent event) {
      // the scenarios' reads only: under the agent, the runner's own writes of the files it reads
      // are transfers too
      if (event.isLifecycle() && event.operation().equals("read")) {
        synchronized (events) {
          events.add(event);
        }
      }
    }

    /** The events of the transfers whose name contains {@code label}. */
    List<LifecycleEvent> of(String label) {
      List<LifecycleEvent> of = new ArrayList<>();
      synchronized (events) {
        for (ProgressEvent e : events) {
          if (e.name().contains(label)) {
            of.add(LifecycleEvent.of(e));
          }
        }
      }
      return of;
    }

    int finals(String label) {
      int n = 0;
      synchronized (events) {
        for (ProgressEvent e : events) {
          n += e.isFinal() && e.name().contains(label) ? 1 : 0;
        }
      }
      return n;
    }

    /** Waits, at most 10 s, for {@code count} final events; returns whether they arrived. */
    boolean awaitFinals(String label, int count) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (finals(label) < count) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(5);
      }
      return true;
    }
  }

  // ---------------------------------------------------------------- text, for a forked JVM

  /**
   * Prints {@code observed} as lines that {@link #parse} reads back: how a program in a forked JVM
   * hands its observations to the test that started it.
   */
  public static void print(Map<LifecycleScenario, Observation> observed, PrintStream out) {
    observed.forEach(
        (s, o) -> {
          out.println(s + "\treader\t" + o.readerBytes() + "\t" + o.readerOutcome());
          for (LifecycleEvent e : o.events()) {
            out.println(
                s
                    + "\tevent\t"
                    + e.transferId()
                    + "\t"
                    + e.status().word()
                    + "\t"
                    + e.bytes()
                    + "\t"
                    + e.error()
                    + "\t"
                    + e.source()
                    + "\t"
                    + e.direction());
          }
        });
  }

  /** Reads what {@link #print} printed; other lines are ignored. */
  public static Map<LifecycleScenario, Observation> parse(String text) {
    Map<LifecycleScenario, List<LifecycleEvent>> events = new EnumMap<>(LifecycleScenario.class);
    Map<LifecycleScenario, String[]> readers = new EnumMap<>(LifecycleScenario.class);
    for (String line : text.split("\\R")) {
      String[] f = line.split("\t", -1);
      if (f.length < 4 || !isScenario(f[0])) {
        continue;
      }
      LifecycleScenario s = LifecycleScenario.valueOf(f[0]);
      if (f[1].equals("reader")) {
        readers.put(s, f);
      } else if (f[1].equals("event") && f.length == 8) {
        events
            .computeIfAbsent(s, k -> new ArrayList<>())
            .add(
                new LifecycleEvent(
                    Long.parseLong(f[2]),
                    Status.fromWord(f[3]),
                    Long.parseLong(f[4]),
                    f[5],
                    f[6],
                    f[7]));
      }
    }
    Map<LifecycleScenario, Observation> observed = new EnumMap<>(LifecycleScenario.class);
    readers.forEach(
        (s, f) ->
            observed.put(
                s, new Observation(events.getOrDefault(s, List.of()), Long.parseLong(f[2]), f[3])));
    return observed;
  }

  private static boolean isScenario(String name) {
    for (LifecycleScenario s : LifecycleScenario.values()) {
      if (s.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
