// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.cases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one table of {@code @Tracked} cases that runs through both doors: the processor's generated
 * code ({@code TrackedCasesTest} in the processor) and the agent ({@code TrackedCasesTest} in the
 * agent's forked-JVM tests). Both compile {@link #source()}, run every row with {@link
 * TrackedCaseRunner} and compare with the same {@link TrackedCase#expected()}, so the two doors
 * give identical operations, names, totals, byte counts and statuses.
 *
 * <p>{@link #misuses()} are the errors: {@link #misuseSource()} is refused by the processor with
 * each row's message, and the agent, which runs the class anyway, says each message once.
 *
 * <p>Every expectation follows the documented rules ({@code dev.flowmeter.Tracked} and the README's
 * {@code @Tracked} section): the operation as written or inferred ({@code copy}, {@code read},
 * {@code write}); the name template with {@code {param}} replaced by the argument's {@code
 * toString()} (a placeholder naming its class when that throws, the whole cut to 1,000 characters
 * with an ellipsis), <code>&#123;&#123;</code> and <code>&#125;&#125;</code> for a literal brace,
 * and any other brace kept as written; by default the class and method plus the first {@code Path},
 * {@code File} or {@code URI} argument; the total from {@code total}/{@code @TotalBytes}, else the
 * first {@code Path} or {@code File}, else a {@code FileInputStream} or {@code FileChannel}, else
 * unknown (a size of 0 counts as unknown).
 */
public final class TrackedCases {
  /** The generated source's package. */
  public static final String PACKAGE = "cases";

  private static final List<TrackedCase> ALL =
      List.of(
          // the operation
          row(
              "readInferred",
              "@Tracked",
              "String label, InputStream in",
              "str:a in:10",
              "read | Cases.readInferred | ? | 10 | completed"),
          row(
              "writeInferred",
              "@Tracked",
              "OutputStream out",
              "out",
              "write | Cases.writeInferred" + " | ? | 7 | completed"),
          row(
              "copyInferred",
              "@Tracked",
              "InputStream in, OutputStream out",
              "in:12 out",
              "copy | Cases.copyInferred | ? | 12 | completed"),
          row(
              "operationWritten",
              "@Tracked(operation = \"upload\")",
              "InputStream in",
              "in:3",
              "upload | Cases.operationWritten | ? | 3 | completed"),
          row(
              "operationBlank",
              "@Tracked(operation = \" \")",
              "InputStream in",
              "in:3",
              "read | Cases.operationBlank | ? | 3 | completed"),
          row(
              "channelRead",
              "@Tracked",
              "ReadableByteChannel in",
              "rch:6",
              "read | Cases.channelRead | ? | 6 | completed"),
          row(
              "channelCopy",
              "@Tracked",
              "ReadableByteChannel in, WritableByteChannel out",
              "rch:4 wch",
              "copy | Cases.channelCopy | ? | 4 | completed"),
          row(
              "staticCopy",
              "@Tracked static",
              "InputStream in, OutputStream out",
              "in:5 out",
              "copy | Cases.staticCopy | ? | 5 | completed"),
          new TrackedCase(
              "typeVariableNotCounted",
              "Cases",
              "@Tracked",
              "<S extends InputStream> long",
              "S in, OutputStream out",
              List.of("in:4", "out"),
              "write | Cases.typeVariableNotCounted | ? | 4 | completed"),
          result(
              "resultInput",
              "@Tracked",
              "InputStream",
              "String key",
              "str:k",
              "read | Cases.resultInput | ? | 9 | completed"),
          result(
              "resultOutput",
              "@Tracked(name = \"put {key}\")",
              "OutputStream",
              "String key",
              "str:k",
              "write | put k | ? | 5 | completed"),
          result(
              "resultWithTotal",
              "@Tracked(operation = \"download\")",
              "InputStream",
              "String key, @TotalBytes long size",
              "str:k long:9",
              "download | Cases.resultWithTotal | 9 | 9 | completed"),
          // the name
          row(
              "nameTemplate",
              "@Tracked(name = \"send {key} to {host}\")",
              "String key, String host, InputStream in",
              "str:k str:h in:1",
              "read | send k to h | ? | 1 | completed"),
          row(
              "nameFixed",
              "@Tracked(name = \"fixed\")",
              "Path file, InputStream in",
              "path:fixed.bin:10 in:1",
              "read | fixed | 10 | 1 | completed"),
          row(
              "nameEscapedBraces",
              "@Tracked(name = \"{{key}}\")",
              "String key, InputStream in",
              "str:k in:1",
              "read | {key} | ? | 1 | completed"),
          row(
              "nameEscapedAroundPlaceholder",
              "@Tracked(name = \"{{{key}}}\")",
              "String key, InputStream in",
              "str:k in:1",
              "read | {k} | ? | 1 | completed"),
          row(
              "nameOtherBracesAsWritten",
              "@Tracked(name = \"{} { key } {1} a}b}}c {key\")",
              "String key, InputStream in",
              "str:k in:1",
              "read | {} { key } {1} a}b}c {key | ? | 1 | completed"),
          row(
              "namePlaceholdersConcatenated",
              "@Tracked(name = \"{a}{b}\")",
              "int a, int b, InputStream in",
              "int:1 int:2 in:1",
              "read | 12 | ? | 1 | completed"),
          row(
              "nameNullArgument",
              "@Tracked(name = \"key={key}\")",
              "String key, InputStream in",
              "null in:1",
              "read | key=null | ? | 1 | completed"),
          row(
              "nameArrayToString",
              "@Tracked(name = \"{chars}\")",
              "char[] chars, InputStream in",
              "chars:abc in:1",
              "read | [C@hash | ? | 1 | completed"),
          // the name, whatever the arguments' toString() does: never thrown, never unbounded
          row(
              "nameToStringThrows",
              "@Tracked(name = \"put {key}\")",
              "Object key, InputStream in",
              "brokenToString in:1",
              "read | put <dev.flowmeter.tracked.cases.Hostile$BrokenToString: toString() failed>"
                  + " | ? | 1 | completed"),
          row(
              "nameToStringNull",
              "@Tracked(name = \"put {key}\")",
              "Object key, InputStream in",
              "nullToString in:1",
              "read | put null | ? | 1 | completed"),
          row(
              "nameHuge",
              "@Tracked(name = \"put {key}\")",
              "String key, InputStream in",
              "huge:5000000 in:1",
              "read | put " + "x".repeat(995) + "\u2026 | ? | 1 | completed"),
          row(
              "nameControlCharacters",
              "@Tracked(name = \"put {key}\")",
              "String key, InputStream in",
              "controls in:1",
              // kept in the name: the sinks that write to a terminal or a log line replace them
              "read | put a\\u0009b\\u000ac\\u001b[31md\\u0000e\\u2028f | ? | 1 | completed"),
          row(
              "nameObjectArrayAlone",
              "@Tracked(name = \"{names}\")",
              "String[] names, InputStream in",
              "strs:a,b in:1",
              "read | [Ljava.lang.String;@hash | ? | 1 | completed"),
          row(
              "nameUnicodeParameter",
              "@Tracked(name = \"\u00e9t\u00e9 {gr\u00f6\u00dfe}\")",
              "String gr\u00f6\u00dfe, InputStream in",
              "str:g in:1",
              "read | \u00e9t\u00e9 g | ? | 1 | completed"),
          row(
              "defaultNamePath",
              "@Tracked",
              "Path file, InputStream in",
              "path:a.bin:100 in:2",
              "read | Cases.defaultNamePath ${dir}/a.bin | 100 | 2 | completed"),
          row(
              "defaultNameFile",
              "@Tracked",
              "File file, OutputStream out",
              "file:b.bin:50 out",
              "write | Cases.defaultNameFile ${dir}/b.bin | 50 | 7 | completed"),
          row(
              "defaultNameUri",
              "@Tracked",
              "URI uri, InputStream in",
              "uri:http://host/x in:2",
              "read | Cases.defaultNameUri http://host/x | ? | 2 | completed"),
          row(
              "defaultNameFirstLocation",
              "@Tracked",
              "InputStream in, URI uri, Path file",
              "in:2 uri:http://host/y path:c.bin:30",
              "read | Cases.defaultNameFirstLocation http://host/y | 30 | 2 | completed"),
          nested(
              "nestedDefaultName",
              "@Tracked",
              "InputStream in",
              "in:1",
              "read | Cases.Inner.nestedDefaultName | ? | 1 | completed"),
          // the total
          row(
              "totalNamed",
              "@Tracked(total = \"size\")",
              "InputStream in, long size",
              "in:10 long:42",
              "read | Cases.totalNamed | 42 | 10 | completed"),
          row(
              "totalBytesInt",
              "@Tracked",
              "InputStream in, @TotalBytes int size",
              "in:10 int:40",
              "read | Cases.totalBytesInt | 40 | 10 | completed"),
          row(
              "totalNegativeUnknown",
              "@Tracked(total = \"size\")",
              "InputStream in, long size",
              "in:10 long:-5",
              "read | Cases.totalNegativeUnknown | ? | 10 | completed"),
          row(
              "totalBytesBeforePath",
              "@Tracked",
              "Path file, InputStream in, @TotalBytes long size",
              "path:d.bin:100 in:3 long:77",
              "read | Cases.totalBytesBeforePath ${dir}/d.bin | 77 | 3 | completed"),
          row(
              "totalFromFileInputStream",
              "@Tracked",
              "FileInputStream file, OutputStream out",
              "fis:e.bin:60 out",
              "write | Cases.totalFromFileInputStream | 60 | 60 | completed"),
          row(
              "totalFromFileChannel",
              "@Tracked",
              "FileChannel file, OutputStream out",
              "fch:f.bin:80 out",
              "write | Cases.totalFromFileChannel | 80 | 80 | completed"),
          row(
              "totalPathBeforeFileInputStream",
              "@Tracked",
              "FileInputStream source, Path file, OutputStream out",
              "fis:g.bin:60 path:h.bin:10 out",
              "write | Cases.totalPathBeforeFileInputStream ${dir}/h.bin | 10 | 60 | completed"),
          row(
              "totalEmptyFileUnknown",
              "@Tracked",
              "Path file, InputStream in",
              "path:empty.bin:0 in:1",
              "read | Cases.totalEmptyFileUnknown ${dir}/empty.bin | ? | 1 | completed"),
          row(
              "totalMissingFileUnknown",
              "@Tracked",
              "File file, InputStream in",
              "file:missing.bin:- in:1",
              "read | Cases.totalMissingFileUnknown ${dir}/missing.bin | ? | 1 | completed"),
          // the total, whatever the argument's own code does: unknown when it throws
          row(
              "totalPathThrows",
              "@Tracked",
              "Path file, InputStream in",
              "hostilePath in:2",
              "read | Cases.totalPathThrows hostile.bin | ? | 2 | completed"),
          row(
              "totalFileThrowsChecked",
              "@Tracked",
              "File file, InputStream in",
              "hostileFile in:2",
              "read | Cases.totalFileThrowsChecked hostile.bin | ? | 2 | completed"),
          row(
              "totalFileInputStreamThrows",
              "@Tracked",
              "FileInputStream file, OutputStream out",
              "hostileFis:i.bin:60 out",
              "write | Cases.totalFileInputStreamThrows | ? | 60 | completed"),
          row(
              "totalChannelThrows",
              "@Tracked",
              "SeekableByteChannel file, OutputStream out",
              "hostileChannel:5 out",
              "write | Cases.totalChannelThrows | ? | 5 | completed"),
          row(
              "totalOfCountedFileInputStreamThrows",
              "@Tracked",
              "InputStream in",
              "hostileFis:j.bin:40",
              "read | Cases.totalOfCountedFileInputStreamThrows | ? | 40 | completed"),
          // the end
          row(
              "failure",
              "@Tracked(name = \"{key}\")",
              "String key, InputStream in",
              "str:fail in:5",
              "read | fail | ? | 5 | failed"),
          row(
              "failureMessageThrows",
              "@Tracked",
              "IOException error, InputStream in",
              "brokenMessage in:3",
              "read | Cases.failureMessageThrows | ? | 3 | failed"));

  private static final List<TrackedMisuse> MISUSES =
      List.of(
          new TrackedMisuse(
              "nameUnknownParameter",
              "@Tracked(name = \"send {fil}\")",
              "Path file, InputStream in",
              "@Tracked(name = \"send {fil}\") names unknown parameter 'fil' (parameters: file, in)."
                  + " Write a parameter's name in braces, e.g. {file}, or double the braces,"
                  + " {{fil}}, to show them as text."),
          new TrackedMisuse(
              "totalUnknown",
              "@Tracked(total = \"length\")",
              "InputStream in, long size",
              "@Tracked(total = \"length\") names no parameter of 'totalUnknown' (parameters: in,"
                  + " size). Name its long or int parameter that holds the size."),
          new TrackedMisuse(
              "totalNotIntegral",
              "@Tracked(total = \"size\")",
              "InputStream in, String size",
              "@Tracked(total = \"size\"): parameter 'size' is a java.lang.String, not an integral"
                  + " type. The total must be a long or int parameter."),
          new TrackedMisuse(
              "totalTwice",
              "@Tracked(total = \"size\")",
              "InputStream in, long size, @TotalBytes long other",
              "@Tracked method 'totalTwice' names its total twice, with total = \"size\" and with"
                  + " @TotalBytes. Keep one."),
          new TrackedMisuse(
              "totalBytesTwice",
              "@Tracked",
              "InputStream in, @TotalBytes long a, @TotalBytes long b",
              "@Tracked method 'totalBytesTwice' has @TotalBytes on more than one parameter (a, b)."
                  + " Keep one."),
          new TrackedMisuse(
              "totalBytesNotIntegral",
              "@Tracked",
              "InputStream in, @TotalBytes double size",
              "@TotalBytes parameter 'size' is a double, not an integral type. The total must be a"
                  + " long or int parameter."),
          new TrackedMisuse(
              "nothingToCount",
              "@Tracked",
              "String key",
              "@Tracked method 'nothingToCount' has no parameter declared as InputStream,"
                  + " OutputStream, ReadableByteChannel or WritableByteChannel and returns none of"
                  + " them: there is nothing to count. Pass the stream in or return it, or remove"
                  + " @Tracked."));

  private TrackedCases() {}

  /** Every misuse, in table order. */
  public static List<TrackedMisuse> misuses() {
    return MISUSES;
  }

  /**
   * The source of {@code cases.Misuses}, which declares every misuse's method (each returns 0): the
   * processor must refuse it, the agent must say each message once.
   */
  public static String misuseSource() {
    StringBuilder s = new StringBuilder();
    header(s);
    s.append("\npublic class Misuses {\n");
    for (TrackedMisuse m : MISUSES) {
      s.append("\n  ")
          .append(m.declaration())
          .append("\n  public long ")
          .append(m.method())
          .append('(')
          .append(m.parameters())
          .append(") throws IOException {\n    return 0;\n  }\n");
    }
    return s.append("}\n").toString();
  }

  /** Every case, in table order. */
  public static List<TrackedCase> all() {
    return ALL;
  }

  /** The case of {@code method}. */
  public static TrackedCase get(String method) {
    for (TrackedCase c : ALL) {
      if (c.method().equals(method)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no case " + method);
  }

  /**
   * The source of {@code cases.Cases}, which declares every case's method (and its static nested
   * {@code Cases.Inner}), compiled by each door's test: with the processor, or without it for the
   * agent. Each method moves its streams through {@code Moves}, which fails the call when a {@code
   * String} argument is {@code "fail"}, and throws an {@code IOException} argument.
   */
  public static String source() {
    StringBuilder s = new StringBuilder();
    header(s);
    s.append("\npublic class Cases {\n");
    methods(s, "Cases", "  ");
    s.append("\n  public static class Inner {\n");
    methods(s, "Cases.Inner", "    ");
    s.append("  }\n}\n");
    s.append(MOVES);
    return s.toString();
  }

  private static void header(StringBuilder s) {
    s.append("package ").append(PACKAGE).append(";\n\n");
    for (String i :
        List.of(
            "dev.flowmeter.TotalBytes",
            "dev.flowmeter.Tracked",
            "java.io.*",
            "java.net.URI",
            "java.nio.channels.*",
            "java.nio.file.Path")) {
      s.append("import ").append(i).append(";\n");
    }
  }

  private static void methods(StringBuilder s, String type, String indent) {
    for (TrackedCase c : ALL) {
      if (!c.type().equals(type)) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (String p : c.parameters().split(",")) {
        String[] words = p.trim().split(" ");
        names.add(words[words.length - 1]);
      }
      String body;
      switch (c.returns()) {
        case "InputStream":
          body = "return Moves.source(" + String.join(", ", names) + ");";
          break;
        case "OutputStream":
          body = "return Moves.sink(" + String.join(", ", names) + ");";
          break;
        default:
          body = "return Moves.move(" + String.join(", ", names) + ");";
      }
      s.append('\n')
          .append(indent)
          .append(c.declaration().replace(" static", "\n" + indent + "public static"))
          .append(c.declaration().endsWith(" static") ? " " : "\n" + indent + "public ")
          .append(c.returns())
          .append(' ')
          .append(c.method())
          .append('(')
          .append(c.parameters())
          .append(") throws IOException {\n")
          .append(indent)
          .append("  ")
          .append(body)
          .append('\n')
          .append(indent)
          .append("}\n");
    }
  }

  private static final String MOVES =
      String.join(
          "\n",
          "",
          "final class Moves {",
          "  private Moves() {}",
          "",
          "  /** Reads every input, copies it to the first output (or writes 7 bytes there). */",
          "  static long move(Object... args) throws IOException {",
          "    OutputStream out = null;",
          "    WritableByteChannel channelOut = null;",
          "    for (Object a : args) {",
          "      if (a instanceof OutputStream && out == null) out = (OutputStream) a;",
          "      if (a instanceof WritableByteChannel && !(a instanceof ReadableByteChannel)",
          "          && channelOut == null) channelOut = (WritableByteChannel) a;",
          "    }",
          "    long moved = 0;",
          "    boolean input = false;",
          "    for (Object a : args) {",
          "      if (a instanceof InputStream) {",
          "        input = true;",
          "        byte[] bytes = ((InputStream) a).readAllBytes();",
          "        moved += bytes.length;",
          "        if (out != null) out.write(bytes);",
          "      } else if (a instanceof ReadableByteChannel) {",
          "        input = true;",
          "        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);",
          "        for (int n; (n = ((ReadableByteChannel) a).read(b)) >= 0; ) {",
          "          moved += n;",
          "          b.flip();",
          "          if (channelOut != null) while (b.hasRemaining()) channelOut.write(b);",
          "          if (out != null) out.write(b.array(), 0, b.limit());",
          "          b.clear();",
          "        }",
          "      }",
          "    }",
          "    if (!input && out != null) {",
          "      out.write(new byte[7]);",
          "      moved = 7;",
          "    }",
          "    failOn(args);",
          "    return moved;",
          "  }",
          "",
          "  /** A stream of 9 bytes to read. */",
          "  static InputStream source(Object... args) throws IOException {",
          "    failOn(args);",
          "    return new ByteArrayInputStream(new byte[9]);",
          "  }",
          "",
          "  /** A stream to write to. */",
          "  static OutputStream sink(Object... args) throws IOException {",
          "    failOn(args);",
          "    return new ByteArrayOutputStream();",
          "  }",
          "",
          "  private static void failOn(Object... args) throws IOException {",
          "    for (Object a : args) {",
          "      if (\"fail\".equals(a)) throw new IOException(\"fail\");",
          "      if (a instanceof IOException) throw (IOException) a;",
          "    }",
          "  }",
          "}",
          "");

  private static TrackedCase row(
      String method, String declaration, String parameters, String arguments, String expected) {
    return new TrackedCase(
        method, "Cases", declaration, "long", parameters, split(arguments), expected);
  }

  private static TrackedCase nested(
      String method, String declaration, String parameters, String arguments, String expected) {
    return new TrackedCase(
        method, "Cases.Inner", declaration, "long", parameters, split(arguments), expected);
  }

  private static TrackedCase result(
      String method,
      String declaration,
      String returns,
      String parameters,
      String arguments,
      String expected) {
    return new TrackedCase(
        method, "Cases", declaration, returns, parameters, split(arguments), expected);
  }

  private static List<String> split(String arguments) {
    return Arrays.asList(arguments.split(" "));
  }
}
