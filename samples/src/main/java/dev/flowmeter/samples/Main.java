// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Flowmeter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs one sample by name; without a name, the copy demo. {@code --help} lists the samples.
 *
 * <pre>
 * java [-Dflowmeter.key=value ...] -jar samples/target/flowmeter-samples.jar [sample] [options]
 * </pre>
 *
 * <p>Exit status: 0 when the sample ran, 2 for a mistake in what was asked (an unknown sample or
 * option, a malformed value, a mistake in Flowmeter's configuration), 1 when the sample failed. A
 * mistake or a failure is one line on standard error starting with {@code flowmeter-samples:}.
 */
public final class Main {
  private Main() {}

  /** A sample's entry point. */
  @FunctionalInterface
  interface Sample {
    void run(String[] args) throws Exception;
  }

  private record Entry(String summary, Sample sample) {}

  private static final Map<String, Entry> SAMPLES = samples();

  private static Map<String, Entry> samples() {
    Map<String, Entry> samples = new LinkedHashMap<>();
    samples.put(
        "copy", new Entry("three copies at once, a bar each " + CopyDemo.OPTIONS, CopyDemo::main));
    samples.put(
        "quickstart",
        new Entry("the quick start: a file copied through Flowmeter.wrap", Main::quickStart));
    samples.put(
        "cancel",
        new Entry("a download cancelled from a timer thread after 200 ms", CancelSample::main));
    samples.put(
        "manual",
        new Entry(
            "a transfer counted by hand: advance, saving, complete", ManualTransferSample::main));
    samples.put(
        "iterate", new Entry("items instead of bytes: a list and a stream", IterateSample::main));
    samples.put(
        "listener",
        new Entry(
            "a listener for every transfer and one for a single transfer", ListenerSample::main));
    samples.put(
        "context",
        new Entry(
            "attributes for all a request does, weighted stages, a unit of its own",
            ContextSample::main));
    samples.put("logging", new Entry("log lines printed above the bars", LoggingSample::main));
    samples.put(
        "upload", new Entry("@Tracked uploads through StorageClient_Tracked", UploadSample::main));
    samples.put(
        "download",
        new Entry("a @Tracked download through StorageClient_Tracked", DownloadSample::main));
    samples.put(
        "ffmpeg",
        new Entry(
            "FFmpeg encoding a clip it generates, its progress read from its output "
                + FfmpegSample.OPTIONS,
            FfmpegSample::main));
    samples.put(
        "install",
        new Entry(
            "an installer's five weighted stages, ETA from earlier runs, Ctrl+C cleans up "
                + InstallSample.OPTIONS,
            InstallSample::main));
    samples.put(
        "group",
        new Entry(
            "six files through upload, queue, processing; one fails, the others go on",
            GroupSample::main));
    samples.put(
        "dashboard",
        new Entry(
            "the live dashboard: a 10-file upload and a 4-stage release over HTTP "
                + DashboardSample.OPTIONS,
            DashboardSample::main));
    samples.put(
        "history",
        new Entry(
            "the jdbc sink's transfer history as a table " + HistorySample.OPTIONS,
            HistorySample::main));
    return samples;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The names of the samples, in the order {@code --help} lists them. */
  static Set<String> sampleNames() {
    return Collections.unmodifiableSet(SAMPLES.keySet());
  }

  /** Runs the sample {@code args} name; returns the exit status. */
  static int run(String[] args) {
    String name = args.length == 0 ? "copy" : args[0].toLowerCase(Locale.ROOT);
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      usage(System.out);
      return 0;
    }
    Entry entry = SAMPLES.get(name);
    if (entry == null) {
      System.err.println("flowmeter-samples: unknown sample '" + args[0] + "'");
      usage(System.err);
      return 2;
    }
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    if (!configured()) {
      return 2;
    }
    try {
      entry.sample().run(rest);
      return 0;
    } catch (UsageException e) {
      System.err.println("flowmeter-samples: " + name + ": " + e.getMessage());
      return 2;
    } catch (ConfigException e) { // a sample's own sink, say, refused its argument
      System.err.println("flowmeter-samples: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("flowmeter-samples: " + name + " failed: " + e);
      return 1;
    }
  }

  // README: configure
  /** Applies Flowmeter's configuration now; a mistake in it is said in one line. */
  static boolean configured() {
    try {
      Flowmeter.configure(); // a typo in -Dflowmeter.sinks stops the program here
      return true;
    } catch (ConfigException e) {
      System.err.println("flowmeter-samples: " + e.getMessage()); // key, value, what is accepted
      return false;
    }
  }

  // README: end

  /** The quick start on the two files named, else on an 8 MiB file of its own, deleted again. */
  private static void quickStart(String[] args) throws IOException {
    if (args.length == 2) {
      QuickStart.main(args);
      return;
    }
    if (args.length != 0) {
      throw new UsageException("give a source and a target file, or nothing");
    }
    try (Scratch scratch = Scratch.temporary("flowmeter-quickstart")) {
      Path source = Files.write(scratch.file("data.bin"), new byte[8 << 20]);
      QuickStart.main(new String[] {source.toString(), scratch.file("data.copy").toString()});
      Flowmeter.flush(1_000);
    }
  }

  private static void usage(PrintStream out) {
    out.println(
        "usage: java [-Dflowmeter.key=value ...] -jar flowmeter-samples.jar [sample] [options]");
    out.println();
    out.println("samples (copy when none is named):");
    for (Map.Entry<String, Entry> sample : SAMPLES.entrySet()) {
      out.printf(Locale.ROOT, "  %-10s  %s%n", sample.getKey(), sample.getValue().summary());
    }
    out.println();
    out.println(
        "Flowmeter's settings are system properties (-Dflowmeter.sinks=console,csv:/tmp/t.csv);"
            + " the README lists them all.");
  }
}
