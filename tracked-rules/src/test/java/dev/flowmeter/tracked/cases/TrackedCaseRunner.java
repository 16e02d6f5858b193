// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.cases;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Calls the methods of {@link TrackedCases} and describes the transfers each call reported, in the
 * format of {@link TrackedCase#expected()}: the same code for both doors, in the processor's test
 * JVM and in the agent's forked one.
 */
public final class TrackedCaseRunner {
  /**
   * The text of the {@code controls} argument: a tab, a line feed, a colour escape, NUL, U+2028.
   */
  static final String CONTROLS = "a\tb\nc\u001b[31md\u0000e\u2028f";

  private TrackedCaseRunner() {}

  /**
   * Runs every case, one after the other on this thread, and returns what each reported, by method.
   *
   * @param targets the object to call a case's methods on, by type ({@code Cases}, {@code
   *     Cases.Inner}): the generated companion for the processor, the plain class for the agent
   * @param dir an empty folder for the files the cases read
   */
  public static Map<String, String> run(Function<String, Object> targets, Path dir)
      throws Exception {
    Events events = new Events();
    Flowmeter.addListener(events);
    try {
      Map<String, String> actual = new LinkedHashMap<>();
      for (TrackedCase c : TrackedCases.all()) {
        actual.put(c.method(), run(c, targets.apply(c.type()), dir, events));
      }
      return actual;
    } finally {
      Flowmeter.removeListener(events);
    }
  }

  private static String run(TrackedCase c, Object target, Path dir, Events events)
      throws Exception {
    List<Object> args = new ArrayList<>();
    for (String spec : c.arguments()) {
      args.add(argument(spec, dir));
    }
    long before = lastId();
    try {
      Object result = method(target.getClass(), c.method()).invoke(target, args.toArray());
      use(result);
    } catch (InvocationTargetException e) {
      Throwable thrown = e.getCause();
      if (!(thrown instanceof Hostile.BrokenMessage) && !"fail".equals(thrown.getMessage())) {
        return "threw " + thrown; // not what the method throws itself
      }
    } finally {
      for (Object a : args) {
        if (a instanceof AutoCloseable) {
          ((AutoCloseable) a).close();
        }
      }
    }
    List<Long> ids =
        Flowmeter.transfers().stream()
            .map(ProgressEvent::transferId)
            .filter(id -> id > before)
            .sorted()
            .collect(Collectors.toList());
    List<String> transfers = new ArrayList<>();
    for (long id : ids) {
      transfers.add(describe(events.first(id), events.last(id), dir));
    }
    return String.join(" ; ", transfers);
  }

  /**
   * The first and the final event of each transfer, as a listener gets them: the first carries the
   * total the call began with (a transfer that completes with its total unknown ends with its bytes
   * as total).
   */
  private static final class Events implements ProgressListener {
    private final Map<Long, ProgressEvent> first = new ConcurrentHashMap<>();
    private final Map<Long, ProgressEvent> last = new ConcurrentHashMap<>();

    @Override
    public void onEvent(ProgressEvent event) {
      first.putIfAbsent(event.transferId(), event);
      if (event.isFinal()) {
        last.put(event.transferId(), event);
      }
    }

    ProgressEvent first(long id) throws InterruptedException {
      await(id);
      return first.get(id);
    }

    ProgressEvent last(long id) throws InterruptedException {
      await(id);
      return last.get(id);
    }

    /** Waits, at most 10 s, for the listener thread to deliver the transfer's final event. */
    private void await(long id) throws InterruptedException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!last.containsKey(id)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no final event for transfer " + id + " within 10 s");
        }
        Thread.sleep(1);
      }
    }
  }

  private static long lastId() {
    return Flowmeter.transfers().stream().mapToLong(ProgressEvent::transferId).max().orElse(0);
  }

  /**
   * The method, the one declared by the most derived class (a static helper hides its original).
   */
  private static Method method(Class<?> type, String name) {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      for (Method m : t.getDeclaredMethods()) {
        if (m.getName().equals(name) && !m.isSynthetic()) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("no method " + name + " in " + type);
  }

  private static void use(Object result) throws IOException {
    if (result instanceof InputStream) {
      try (InputStream in = (InputStream) result) {
        in.readAllBytes();
      }
    } else if (result instanceof OutputStream) {
      try (OutputStream out = (OutputStream) result) {
        out.write(new byte[5]);
      }
    }
  }

  private static Object argument(String spec, Path dir) throws IOException {
    String[] p = spec.split(":", 2);
    String value = p.length > 1 ? p[1] : "";
    switch (p[0]) {
      case "null":
        return null;
      case "str":
        return value;
      case "int":
        return Integer.parseInt(value);
      case "long":
        return Long.parseLong(value);
      case "chars":
        return value.toCharArray();
      case "strs":
        return value.split(",");
      case "in":
        return new ByteArrayInputStream(new byte[Integer.parseInt(value)]);
      case "out":
        return new ByteArrayOutputStream();
      case "rch":
        return Channels.newChannel(new ByteArrayInputStream(new byte[Integer.parseInt(value)]));
      case "wch":
        return Channels.newChannel(new ByteArrayOutputStream());
      case "uri":
        return URI.create(value);
      case "path":
        return file(value, dir);
      case "file":
        return file(value, dir).toFile();
      case "fis":
        return new FileInputStream(file(value, dir).toFile());
      case "fch":
        return FileChannel.open(file(value, dir), StandardOpenOption.READ);
      case "brokenToString":
        return new Hostile.BrokenToString();
      case "nullToString":
        return new Hostile.NullToString();
      case "huge":
        return "x".repeat(Integer.parseInt(value));
      case "controls":
        return CONTROLS;
      case "hostilePath":
        return Hostile.path();
      case "hostileFile":
        return Hostile.file();
      case "hostileFis":
        return Hostile.fileInputStream(file(value, dir).toFile());
      case "hostileChannel":
        return Hostile.channel(Integer.parseInt(value));
      case "brokenMessage":
        return new Hostile.BrokenMessage();
      default:
        throw new IllegalArgumentException("unknown argument spec " + spec);
    }
  }

  /** {@code name:size}: a file of that many bytes, or none for {@code -}. */
  private static Path file(String value, Path dir) throws IOException {
    String[] p = value.split(":");
    Path file = dir.resolve(p[0]);
    if (!p[1].equals("-")) {
      Files.write(file, new byte[Integer.parseInt(p[1])]);
    }
    return file;
  }

  /**
   * {@code s} with each control character (C0, DEL, C1, U+2028, U+2029) as a Java Unicode escape (a
   * backslash, {@code u} and four hex digits), so that a description is one line of the agent's
   * forked program's output.
   */
  static String escapeControls(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String describe(ProgressEvent first, ProgressEvent last, Path dir) {
    String name =
        escapeControls(
            first
                .name()
                .replace(dir.toString(), "${dir}")
                .replaceAll("(\\[L?[\\w.$]+;?)@[0-9a-f]+", "$1@hash"));
    return String.join(
        " | ",
        first.operation(),
        name,
        first.isTotalKnown() ? String.valueOf(first.totalBytes()) : "?",
        String.valueOf(last.bytes()),
        last.status().word());
  }
}
