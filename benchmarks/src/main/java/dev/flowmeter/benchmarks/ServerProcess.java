// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@link HttpLoadServer} in a JVM of its own, seen from the benchmark: its address, its samples and
 * its {@code go} and end. Lines of its output that are not its report go to {@code echo}.
 */
final class ServerProcess implements AutoCloseable {
  private static final String ADDRESS_LINE = "Flowmeter: progress at ";

  /** One line {@code sample ...} of the server, as {@link HttpLoadServer} describes it. */
  record Sample(
      long elapsedMillis,
      long processCpuNanos,
      long serverThreadsCpuNanos,
      long heapUsed,
      long heapAfterLastGc,
      int active,
      int finished) {}

  private final Process process;
  private final CompletableFuture<URI> address = new CompletableFuture<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private final List<Sample> samples = new ArrayList<>();
  private final List<Live> live = new ArrayList<>();
  private final List<String> busiest = new ArrayList<>();

  private ServerProcess(Process process, PrintStream echo) {
    this.process = process;
    reader("server-err", process.getErrorStream(), line -> stderr(line, echo)).start();
    reader("server-out", process.getInputStream(), line -> stdout(line, echo)).start();
  }

  /**
   * Starts the server JVM with {@code jvmOptions} (each {@code -D...} or {@code -X...}) and {@code
   * arguments} for {@link HttpLoadServer#main}, and waits until it listens and is ready for {@code
   * go}.
   */
  static ServerProcess start(List<String> jvmOptions, List<String> arguments, PrintStream echo)
      throws IOException, InterruptedException, TimeoutException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HttpLoadServer.class.getName());
    command.addAll(arguments);
    ServerProcess server = new ServerProcess(new ProcessBuilder(command).start(), echo);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!server.ready.await(100, TimeUnit.MILLISECONDS)) {
      if (!server.process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new TimeoutException("the server exited or was not ready in 60 s");
      }
    }
    try {
      server.address.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      server.close();
      throw new TimeoutException("the server printed no \"" + ADDRESS_LINE + "\" line");
    }
    return server;
  }

  /** The server's base address, such as {@code http://127.0.0.1:41234/}. */
  URI address() {
    return address.join();
  }

  long pid() {
    return process.pid();
  }

  /** Tells the server to run its transfers. */
  void go() throws IOException {
    OutputStream in = process.getOutputStream();
    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
    in.flush();
  }

  /** Waits until the server's last transfer ended and every event was handed to its sink. */
  boolean awaitDone(long millis) throws InterruptedException {
    return done.await(millis, TimeUnit.MILLISECONDS);
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The heap after a full collection, with the transfers finished at that moment. */
  record Live(long bytes, int finished) {}

  /** The heap after each full collection: before the load, after its thirds and after it. */
  synchronized List<Live> live() {
    return List.copyOf(live);
  }

  /** The server's busiest threads (the load's aside), each with its share of one core. */
  synchronized List<String> busiestThreads() {
    return List.copyOf(busiest);
  }

  /** Lets the server exit (it waits for its standard input to close), or ends it after 10 s. */
  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void stderr(String line, PrintStream echo) {
    int at = line.indexOf(ADDRESS_LINE);
    if (at >= 0 && !address.isDone()) {
      address.complete(URI.create(line.substring(at + ADDRESS_LINE.length()).strip()));
    } else {
      echo.println("server: " + line);
    }
  }

  private synchronized void stdout(String line, PrintStream echo) {
    String[] words = line.split(" ");
    if (words[0].equals("sample") && words.length == 8) {
      samples.add(
          new Sample(
              Long.parseLong(words[1]),
              Long.parseLong(words[2]),
              Long.parseLong(words[3]),
              Long.parseLong(words[4]),
              Long.parseLong(words[5]),
              Integer.parseInt(words[6]),
              Integer.parseInt(words[7])));
    } else if (words[0].equals("thread") && words.length >= 4) {
      String[] parts = line.split(" ", 4); // the name may hold spaces
      double share = Double.parseDouble(parts[1]) / Double.parseDouble(parts[2]);
      busiest.add(String.format(Locale.ROOT, "%s %.1f %%", parts[3], 100 * share));
    } else if (words[0].equals("live") && words.length == 3) {
      live.add(new Live(Long.parseLong(words[1]), Integer.parseInt(words[2])));
    } else if (line.equals("ready")) {
      ready.countDown();
    } else if (line.equals("done")) {
      done.countDown();
    } else {
      echo.println("server: " + line);
    }
  }

  private static Thread reader(String name, InputStream stream, Consumer<String> lines) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.accept(line);
                }
              } catch (IOException e) {
                // the server is gone: its output ends here
              }
            },
            name);
    reader.setDaemon(true);
    return reader;
  }
}
