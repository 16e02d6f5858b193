// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.jar.JarFile;

/**
 * The agent's entry point: {@code premain} for {@code -javaagent}, {@code agentmain} for attaching
 * to a running JVM, and {@code main} for {@code java -jar flowmeter-agent.jar attach <pid>}.
 *
 * <p>{@code premain} puts the agent jar on the bootstrap class path (so the runtime there is the
 * one tracker of the JVM and the hooks in JDK classes can reach its bridge) and writes the hooks
 * into the JDK's file, zip and HTTP classes before it returns (the tracker is made on a thread of
 * its own beside {@code main}): every byte the program moves from the first instruction of {@code
 * main} on, static initialisers of the main class included, is seen. This takes a few tens of
 * milliseconds: the hooks are written with the small class-file library inside the agent, and Byte
 * Buddy is loaded only for application classes ({@code flowmeter.methods.include}, {@code @Tracked}
 * without the processor), when one is loaded. {@code flowmeter.agent.wait=false} installs on a
 * daemon thread instead and returns at once; what a program moves before that is done may then be
 * missed. {@code agentmain} always installs on a daemon thread: the attacher waits for its outcome,
 * the target does not.
 *
 * <p>Fail-open: any error prints one line starting with {@code flowmeter-agent:} to standard error
 * (and its stack trace with {@code flowmeter.agent.debug=true}), undoes the system properties the
 * arguments set, and leaves the application to run as without the agent. An installation that the
 * JVM's shutdown cuts short (a program done before it) stops without a word. A {@code wait} that
 * times out says so in one line. The agent never calls {@code System.exit} and starts daemon
 * threads only.
 */
public final class FlowmeterAgent {
  private static final String WAIT = "flowmeter.agent.wait";
  private static final String DEBUG = "flowmeter.agent.debug";

  /** The longest {@code premain} waits for the installation with {@code flowmeter.agent.wait}. */
  private static final long WAIT_MILLIS = 10_000;

  private FlowmeterAgent() {}

  /** Called by the JVM for {@code -javaagent:flowmeter-agent.jar[=key=value;...]}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, false);
  }

  /** Called by the JVM when the agent is attached to a running JVM. */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, true);
  }

  /**
   * {@code java -jar flowmeter-agent.jar attach <pid> [key=value;...]}: attaches the agent to the
   * JVM with that process id.
   */
  public static void main(String[] args) {
    System.exit(Attacher.run(args, System.out, System.err));
  }

  private static void start(String arguments, Instrumentation instrumentation, boolean attached) {
    if (attached && AttachOutcome.ignore(arguments)) {
      return; // the attacher says so: one agent per JVM (see AttachOutcome)
    }
    String first = attached ? null : AttachOutcome.running();
    if (first != null) {
      // -javaagent given twice (on the command line and in JAVA_TOOL_OPTIONS, say): one agent per
      // JVM, as for an attach; a second one would hook the JDK's classes again and overwrite the
      // first one's settings under its tracker
      String again = arguments == null ? "" : arguments;
      if (!again.equals(first)) {
        say(
            "-javaagent given twice; the agent runs with the first one's arguments ('"
                + first
                + "') and ignores the second one's ('"
                + again
                + "')");
      }
      return;
    }
    AttachOutcome.starting(arguments);
    AgentArguments applied;
    try {
      applied = AgentArguments.apply(arguments);
    } catch (IllegalArgumentException e) {
      report(e.getMessage());
      AttachOutcome.publishEarly();
      return;
    }
    boolean debug = flag(DEBUG, false);
    try {
      File jar = agentJar();
      Installation installation = new Installation(instrumentation, jar, applied, attached, debug);
      if (!onBootstrapPath()) {
        // The jar's Boot-Class-Path names it by its built name; a renamed jar is appended now,
        // at the price of the JVM's warning that class data sharing is limited to JDK classes.
        // The jar also holds these classes; once it is on the bootstrap path, the application class
        // loader would take that copy of any not loaded yet, in another runtime package.
        Class.forName(AgentClassLoader.class.getName());
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      }
      Runnable task = attached ? new AttachOutcome(installation) : installation;
      Thread thread = new Thread(task, "flowmeter-agent");
      thread.setDaemon(true);
      thread.start();
      if (!attached && flag(WAIT, true)) {
        thread.join(WAIT_MILLIS);
        if (thread.isAlive()) {
          say(
              WAIT
                  + ": the instrumentation is not in place after "
                  + WAIT_MILLIS / 1000
                  + " s; main starts now and the installation goes on in the background, so what"
                  + " the program moves before it is in place may be missed");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stop waiting; the installation goes on
    } catch (Throwable e) {
      applied.undo();
      fail("cannot start (" + e + ")", e, debug);
      AttachOutcome.publishEarly();
    }
  }

  /**
   * A boolean agent key, {@code flowmeter.agent.wait} or {@code flowmeter.agent.debug}, from its
   * system property (an agent argument becomes one) or its {@code FLOWMETER_AGENT_*} environment
   * variable; {@code fallback} when unset. Only {@code true} and {@code false} are accepted, in any
   * case and trimmed; any other value is said in one line and taken as the default.
   *
   * <p>{@code wait} ({@code true} by default) makes {@code premain} return only once the hooks are
   * in place; {@code debug} adds stack traces and the instrumented classes to the agent's output.
   * Both are read here, outside the runtime, so that no runtime class is loaded by the application
   * class loader, and so before the installation starts.
   */
  static boolean flag(String key, boolean fallback) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
    if (value == null) {
      return fallback;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        say(key + ": '" + value + "' is not a boolean (accepted: true, false); using " + fallback);
        return fallback;
    }
  }

  /** Whether the jar's {@code Boot-Class-Path} put it on the bootstrap class path already. */
  private static boolean onBootstrapPath() {
    try {
      Class.forName("dev.flowmeter.agent.bootstrap.FileIo", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * The agent jar. Found as the resource of this class, not from its code source: taken from the
   * bootstrap class path, the class has none.
   */
  static File agentJar() throws Exception {
    String resource = FlowmeterAgent.class.getName().replace('.', '/') + ".class";
    URL url = ClassLoader.getSystemResource(resource);
    if (url == null || !"jar".equals(url.getProtocol())) {
      throw new IllegalStateException("the agent is not loaded from a jar (" + url + ")");
    }
    String spec = url.getFile(); // file:/path/flowmeter-agent.jar!/dev/...
    return new File(new URI(spec.substring(0, spec.indexOf("!/"))));
  }

  /**
   * Prints the agent's one line to standard error and sets {@code flowmeter.agent.state} to {@code
   * off}; the application runs on without the agent.
   */
  static void report(String problem) {
    String line = problem + "; the agent is off, the application runs without it";
    say(line);
    AttachOutcome.failed("flowmeter-agent: " + line);
    // after the line: whoever waits for the state sees the line printed
    System.setProperty("flowmeter.agent.state", "off");
  }

  /**
   * Reports a failure of the agent: {@link #report} with {@code problem}, followed by the stack
   * trace of {@code cause} with {@code debug}. When the JVM is exiting, nothing is said (without
   * {@code debug}): the program is done, and the failure is only the JVM taking away what the
   * installer needs (during shutdown {@code Instrumentation.getAllLoadedClasses()} returns {@code
   * null}, for example), which would otherwise print a line at the end of a program that ran well.
   */
  static void fail(String problem, Throwable cause, boolean debug) {
    if (exiting()) {
      if (debug) {
        say("stopped: the JVM is exiting (" + cause + ")");
        cause.printStackTrace();
      }
      System.setProperty("flowmeter.agent.state", "off");
      return;
    }
    report(problem);
    if (debug) {
      cause.printStackTrace();
    }
  }

  /**
   * Whether the JVM has begun to shut down: it then refuses new shutdown hooks. The probe is an
   * empty hook, removed again at once; should shutdown begin in between, it runs and does nothing.
   */
  static boolean exiting() {
    Thread probe = new Thread(() -> {}, "flowmeter-agent-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true; // "Shutdown in progress"
    }
  }

  /** Prints {@code flowmeter-agent: line} to standard error. */
  private static void say(String line) {
    System.err.println("flowmeter-agent: " + line);
  }
}
