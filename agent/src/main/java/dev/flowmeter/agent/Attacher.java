// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar flowmeter-agent.jar attach <pid> [key=value;...]}: loads this jar as an agent
 * into a running JVM through the Attach API, waits for the agent to say how its start went ({@link
 * AttachOutcome}), and says it.
 *
 * <p>The target JVM retransforms the classes it has already loaded, and streams it already has open
 * are counted from the moment of attach on, their position and size taken from their file.
 *
 * <p>Exit status: {@value #STARTED} the agent runs in the target with these settings; {@value
 * #NOT_RUNNING} it does not (the JVM cannot be attached to, or the agent turned itself off there,
 * for the reason printed); {@value #PROBLEMS} the settings are malformed, or the agent runs in the
 * target without what they got wrong (an unknown sink, say: the lines it printed there are printed
 * here); {@value #IGNORED} an agent already ran there and these settings were ignored; {@value
 * #UNKNOWN} the agent did not report within {@value #WAIT_SECONDS} seconds (its messages are on the
 * target's standard error).
 *
 * <p>The target is handed a launcher jar made for the attach ({@link #launcherJar}), not this jar:
 * a JVM that loads an agent while it runs adds every {@code Boot-Class-Path} entry of the agent's
 * manifest to its bootstrap class path and prints {@code WARNING: ... not added to bootstrap class
 * loader search} for each that is not a jar next to the agent's. This jar's manifest names the
 * agent by each name it is built or installed under, for {@code -javaagent}, where the JVM skips
 * the missing one without a word; the launcher names this jar by its absolute path, whatever it is
 * called.
 */
final class Attacher {
  static final int STARTED = 0;
  static final int NOT_RUNNING = 1;
  static final int PROBLEMS = 2;
  static final int IGNORED = 3;
  static final int UNKNOWN = 4;

  /** How long the attacher waits for the agent's outcome: its installation takes about a second. */
  private static final int WAIT_SECONDS = 30;

  private Attacher() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2 || args.length > 3 || !"attach".equals(args[0])) {
      err.println("usage: java -jar flowmeter-agent.jar attach <pid> [key=value;key=value...]");
      return PROBLEMS;
    }
    String pid = args[1];
    String options = args.length == 3 ? args[2] : "";
    String outcome;
    boolean warned;
    try {
      AgentArguments.parse(options); // the same one-line error as the agent would print
      File jar = FlowmeterAgent.agentJar().getAbsoluteFile();
      VirtualMachine vm = VirtualMachine.attach(pid);
      Path launcher = launcherJar(jar);
      try {
        vm.loadAgent(launcher == null ? jar.toString() : launcher.toString(), options);
        outcome = awaitOutcome(vm);
        warned = warnsOfDynamicAgents(vm);
      } finally {
        vm.detach();
        // the agent has reported (or the wait is over): it has found this jar through the
        // launcher's Class-Path, and holds it open, so the launcher is no longer read
        if (launcher != null) {
          deleteQuietly(launcher);
          deleteQuietly(launcher.getParent());
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("flowmeter-agent: " + e.getMessage());
      return PROBLEMS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("flowmeter-agent: interrupted while waiting for the agent in " + pid);
      return UNKNOWN;
    } catch (Exception e) {
      err.println("flowmeter-agent: cannot attach to " + pid + " (" + e + ")");
      return NOT_RUNNING;
    }
    int status = say(pid, options, outcome, out, err);
    if (warned) {
      out.println(
          "flowmeter-agent: "
              + pid
              + " printed the JDK's warning that an agent was loaded dynamically; start it with"
              + " -XX:+EnableDynamicAgentLoading to allow that without the warning");
    }
    return status;
  }

  /**
   * Writes the jar the target loads as the agent: no classes, and this jar's manifest with {@code
   * Boot-Class-Path} naming {@code agent} alone, by its absolute path (written as a URI path, as
   * the attribute takes it), so that the target appends the agent jar and has nothing to warn
   * about. The agent class is then found on the bootstrap class path, in {@code agent}. {@code
   * Class-Path} names {@code agent} too: the agent finds its jar among the system class loader's
   * resources, where the JVM puts the jar it loads (as it did this jar, loaded directly), since
   * what is appended to the bootstrap class path while the JVM runs is not found as a resource.
   *
   * <p>{@code null} when it cannot be written (no temporary folder, say): {@code agent} itself is
   * loaded then, and the target may print the JVM's warning, but the attach goes on.
   */
  static @Nullable Path launcherJar(File agent) {
    Path dir = null;
    Path launcher = null;
    try (JarFile jar = new JarFile(agent)) {
      Manifest manifest = new Manifest(jar.getManifest());
      manifest.getMainAttributes().putValue("Boot-Class-Path", agent.toURI().getRawPath());
      manifest.getMainAttributes().putValue("Class-Path", agent.toURI().toString());
      manifest.getMainAttributes().remove(Attributes.Name.MAIN_CLASS);
      dir = Files.createTempDirectory("flowmeter-attach");
      // named as the agent jar: JDK 21+ names the jar in its dynamic-agent warning
      launcher = dir.resolve(agent.getName());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(launcher), manifest)) {
        out.finish();
      }
      return launcher;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(launcher);
      deleteQuietly(dir);
      return null;
    }
  }

  private static void deleteQuietly(@Nullable Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a leftover in the temporary folder; the attach goes on
    }
  }

  /**
   * Whether the target, a JDK 21 or later, printed the JDK's four-line warning that an agent was
   * loaded dynamically (JEP 451): it does unless started with {@code
   * -XX:+EnableDynamicAgentLoading}.
   */
  private static boolean warnsOfDynamicAgents(VirtualMachine vm) {
    try {
      String version = vm.getSystemProperties().getProperty("java.specification.version", "17");
      if (Runtime.Version.parse(version).feature() < 21) {
        return false;
      }
      Properties agent = vm.getAgentProperties();
      String flags =
          agent.getProperty("sun.jvm.args", "") + " " + agent.getProperty("sun.jvm.flags", "");
      return !flags.contains("+EnableDynamicAgentLoading"); // an option, or a line of a flags file
    } catch (Exception e) {
      return false; // only a hint: without it the attach is told as it went
    }
  }

  /**
   * The outcome the agent published in the target, or {@code null} when it did not within {@link
   * #WAIT_SECONDS}.
   */
  private static @Nullable String awaitOutcome(VirtualMachine vm) throws Exception {
    long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
    while (true) {
      String outcome = vm.getSystemProperties().getProperty(AttachOutcome.KEY);
      if (outcome != null || System.nanoTime() > deadline) {
        return outcome;
      }
      Thread.sleep(50);
    }
  }

  private static int say(
      String pid, String options, @Nullable String outcome, PrintStream out, PrintStream err) {
    if (outcome == null) {
      err.println(
          "flowmeter-agent: attached to "
              + pid
              + ", but the agent did not report within "
              + WAIT_SECONDS
              + " s; its messages are on that JVM's standard error");
      return UNKNOWN;
    }
    List<String> lines = Arrays.asList(outcome.split("\n", -1));
    List<String> messages = lines.subList(1, lines.size());
    switch (lines.get(0)) {
      case AttachOutcome.IGNORED:
        err.println(
            "flowmeter-agent: the agent already runs in "
                + pid
                + (messages.get(0).isEmpty()
                    ? " with no settings"
                    : " with '" + messages.get(0) + "'")
                + "; '"
                + options
                + "' ignored (one agent per JVM: restart the program to change its settings)");
        return IGNORED;
      case AttachOutcome.STARTED:
        for (String message : messages) {
          err.println(pid + ": " + message);
        }
        if (messages.isEmpty()) {
          out.println("flowmeter-agent: attached to " + pid + "; the agent runs there");
          return STARTED;
        }
        err.println(
            "flowmeter-agent: attached to "
                + pid
                + "; the agent runs there without what the lines above reject");
        return PROBLEMS;
      default:
        for (String message : messages) {
          err.println(pid + ": " + message);
        }
        err.println("flowmeter-agent: the agent did not start in " + pid);
        return NOT_RUNNING;
    }
  }
}
