// SPDX-License-Identifier: Apache-2.0

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The start-up probe of {@code run.sh}: when {@code main} starts, when the agent's instrumentation
 * is in place, and what the program moved before that.
 *
 * <p>Run as {@code java -Dt0=$(date +%s%N) StartProbe <source> <target> <files>}: {@code t0} is the
 * shell's clock just before it starts the JVM, in nanoseconds since the epoch, so that every time
 * printed counts from the same instant with and without the agent. The first thing {@code main}
 * does is read the clock; then it starts a daemon thread that polls the system property {@code
 * flowmeter.agent.state} every millisecond, and, at once, copies {@code <source>/f00.bin} ... into
 * {@code <target>} with {@code FileInputStream}/{@code FileOutputStream} and a 64 KiB buffer. Then
 * it waits (at most 10 s) for the agent's state, so that the peak RSS includes the installed agent,
 * and prints one line:
 *
 * <pre>main_ms=41.2 installed_ms=612.0 copied_ms=88.5 moved=83886080 transfers=40</pre>
 *
 * <p>{@code installed_ms} is when the poller first saw {@code installed} (with {@code
 * flowmeter.agent.wait=true} that is at once, so it shows the time to {@code main}); {@code -}
 * without the agent or when the agent turned itself off. {@code moved} counts the bytes read plus
 * the bytes written, as a file sink counts them.
 */
public final class StartProbe {
  private static volatile long installedNanos;

  private StartProbe() {}

  public static void main(String[] args) throws Exception {
    long mainNanos = epochNanos();
    long t0 = Long.parseLong(System.getProperty("t0"));
    boolean agent =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.startsWith("-javaagent"));
    Thread poller = new Thread(StartProbe::poll, "state-poller");
    poller.setDaemon(true);
    if (agent) {
      poller.start();
    }

    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    int files = Integer.parseInt(args[2]);
    long moved = 0;
    byte[] buffer = new byte[64 * 1024];
    for (int i = 0; i < files; i++) {
      String name = String.format("f%02d.bin", i);
      moved += copy(source.resolve(name), target.resolve(name), buffer);
    }
    long copiedNanos = epochNanos();

    poller.join(10_000);
    long installed = installedNanos;
    System.out.printf(
        "main_ms=%.1f installed_ms=%s copied_ms=%.1f moved=%d transfers=%d%n",
        (mainNanos - t0) / 1e6,
        installed == 0 ? "-" : String.format("%.1f", (installed - t0) / 1e6),
        (copiedNanos - t0) / 1e6,
        moved,
        2 * files);
  }

  /** Copies {@code from} to {@code to}; the bytes read plus the bytes written. */
  private static long copy(Path from, Path to, byte[] buffer) throws IOException {
    long moved = 0;
    try (InputStream in = new FileInputStream(from.toFile());
        OutputStream out = new FileOutputStream(to.toFile())) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        moved += 2L * n;
      }
    }
    return moved;
  }

  /** Polls the agent's state until it is {@code installed} (time kept) or {@code off}. */
  private static void poll() {
    while (true) {
      String state = System.getProperty("flowmeter.agent.state");
      if ("installed".equals(state)) {
        installedNanos = epochNanos();
        return;
      }
      if ("off".equals(state)) {
        return;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The wall clock in nanoseconds since the epoch, as {@code date +%s%N} prints it. */
  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
