// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.RETURN;
import static dev.flowmeter.agent.instrumentation.Arg.THIS;
import static dev.flowmeter.agent.instrumentation.Arg.THROWN;
import static dev.flowmeter.agent.instrumentation.Arg.TOKEN;

import java.util.List;

/**
 * {@code java.io.FileInputStream}: name = the file path, total = the file size, the transfer ends
 * at end of stream or on {@code close()}. Its hooks, shared by the other file classes, call {@code
 * FileIo}: one {@code enter()} before each method that moves data, one exit call after it.
 */
public final class FileInputStreamInstrumentation implements TypeInstrumentation {
  static final String FILE_IO = "FileIo";
  static final String PATH = "Ljava/lang/String;";
  // exit(thread, stream, path, n, thrown)
  static final String COUNT =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;JLjava/lang/Throwable;)V";
  static final Call ENTER = Call.of(FILE_IO, "enter", "()Ljava/lang/Object;");

  /**
   * Constructors: the stream is seen from its start, so its file position is never mistaken for
   * bytes it moved before the agent was in place.
   */
  static final Hook OPEN =
      Hook.on(null, "<init>").exit(Call.of(FILE_IO, "opened", "(Ljava/lang/Object;)V", THIS));

  /** {@code close()} (or a channel's {@code implCloseChannel()}): the transfer is complete. */
  static Hook close(String name) {
    return Hook.on("()V", name)
        .anyAccess()
        .enter(ENTER)
        .exitOrThrow(
            Call.of(FILE_IO, "close", "(Ljava/lang/Object;Ljava/lang/Object;)V", TOKEN, THIS));
  }

  /** A read returning its count ({@code int} or {@code long}), -1 at end of stream. */
  static Hook readCount(String descriptor, String... names) {
    return counted(descriptor, "read", COUNT, RETURN, names);
  }

  /** A write returning its count, or with the count at {@code count}. */
  static Hook writeCount(String descriptor, Arg count, String... names) {
    return counted(descriptor, "write", COUNT, count, names);
  }

  /** A read or write whose count the bridge method {@code bridge} takes from {@code value}. */
  static Hook counted(
      String descriptor, String bridge, String bridgeDescriptor, Arg value, String... names) {
    return Hook.on(descriptor, names)
        .enter(ENTER)
        .exitOrThrow(
            Call.of(
                FILE_IO,
                bridge,
                bridgeDescriptor,
                TOKEN,
                THIS,
                Arg.field("path", PATH),
                value,
                THROWN))
        .stops();
  }

  /** The reads of {@code FileInputStream} and {@code RandomAccessFile}. */
  static List<Hook> reads() {
    return List.of(
        // read(): one byte, or -1
        counted(
            "()I",
            "readByte",
            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;ILjava/lang/Throwable;)V",
            RETURN,
            "read"),
        readCount("([B)I", "read"),
        readCount("([BII)I", "read"));
  }

  /** The reads only {@code FileInputStream} has. */
  static List<Hook> streamReads() {
    return List.of(
        // readAllBytes(), readNBytes(int): the array's length
        counted(
            "(*)[B",
            "readArray",
            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;[BLjava/lang/Throwable;)V",
            RETURN,
            "readAllBytes",
            "readNBytes"),
        // transferTo(out): counts the read; the writes to out count on their own (from JDK 21 it
        // hands its channel to a FileOutputStream's, which count as that stream's write)
        Hook.on("(Ljava/io/OutputStream;)J", "transferTo")
            .enter(Call.of(FILE_IO, "enterReads", "()Ljava/lang/Object;"))
            .exitOrThrow(
                Call.of(
                    FILE_IO, "read", COUNT, TOKEN, THIS, Arg.field("path", PATH), RETURN, THROWN))
            .stops()
            .since(21));
  }

  /** The writes of {@code FileOutputStream} and {@code RandomAccessFile}. */
  static List<Hook> writes() {
    return List.of(
        writeCount("(I)V", Arg.constant(1), "write"),
        counted(
            "([B)V",
            "writeArray",
            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;[BLjava/lang/Throwable;)V",
            Arg.argument(0),
            "write"),
        writeCount("([BII)V", Arg.argument(2), "write"));
  }

  @Override
  public String group() {
    return "file";
  }

  @Override
  public String typeName() {
    return "java.io.FileInputStream";
  }

  @Override
  public List<Hook> hooks() {
    return Hooks.of(reads(), streamReads(), List.of(close("close"), OPEN));
  }
}
