// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.RETURN;
import static dev.flowmeter.agent.instrumentation.Arg.THIS;
import static dev.flowmeter.agent.instrumentation.Arg.THROWN;
import static dev.flowmeter.agent.instrumentation.Arg.TOKEN;
import static dev.flowmeter.agent.instrumentation.FileInputStreamInstrumentation.FILE_IO;
import static dev.flowmeter.agent.instrumentation.FileInputStreamInstrumentation.PATH;

import java.util.List;

/**
 * {@code sun.nio.ch.FileChannelImpl}, the channel of {@code FileChannel.open}, {@code
 * Files.newInputStream} and the file streams' {@code getChannel()}: the count each read, write or
 * transfer returns (-1 at the end of a read); the transfer ends on close. A channel a file stream
 * or {@code RandomAccessFile} made (its {@code parent}) counts into that stream's transfer.
 *
 * <p>{@code transferTo} and {@code transferFrom} count both sides: the read of the source and the
 * write of the target, each when it is a file channel (whose private fields the hook reads, as the
 * class's own code may); the JDK moves those bytes in the kernel, or through a mapped buffer,
 * without any read or write the agent would count.
 */
public final class FileChannelInstrumentation implements TypeInstrumentation {
  private static final String OBJECT = "Ljava/lang/Object;";
  // (thread, channel, parent, path, n, thrown)
  private static final String COUNT =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;J"
          + "Ljava/lang/Throwable;)V";
  // COUNT, then (other channel, its parent, its path)
  private static final String TRANSFER =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;J"
          + "Ljava/lang/Throwable;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;)V";
  // the stream that made the channel, or null; declared Object on JDK 17, Closeable later
  private static final Arg PARENT = Arg.field("parent", OBJECT);
  private static final Arg OWN_PATH = Arg.field("path", PATH);

  @Override
  public String group() {
    return "nio";
  }

  @Override
  public String typeName() {
    return "sun.nio.ch.FileChannelImpl";
  }

  private static Hook counted(String descriptor, String bridge, String name) {
    return Hook.on(descriptor, name)
        .enter(FileInputStreamInstrumentation.ENTER)
        .exitOrThrow(Call.of(FILE_IO, bridge, COUNT, TOKEN, THIS, PARENT, OWN_PATH, RETURN, THROWN))
        .stops(PARENT);
  }

  /** {@code transferTo} or {@code transferFrom}, whose other channel is argument {@code other}. */
  private static Hook transfer(String descriptor, String name, String enter, int other) {
    return Hook.on(descriptor, name)
        .enter(
            Call.of(
                FILE_IO,
                enter,
                "(Ljava/lang/String;)Ljava/lang/Object;",
                Arg.argumentField(other, "path")))
        .exitOrThrow(
            Call.of(
                FILE_IO,
                name,
                TRANSFER,
                TOKEN,
                THIS,
                PARENT,
                OWN_PATH,
                RETURN,
                THROWN,
                Arg.argument(other),
                Arg.argumentField(other, "parent"),
                Arg.argumentField(other, "path")))
        .stops(PARENT);
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        counted("(*)I", "channelRead", "read"),
        counted("(*)J", "channelRead", "read"),
        counted("(*)I", "channelWrite", "write"),
        counted("(*)J", "channelWrite", "write"),
        transfer(
            "(JJLjava/nio/channels/WritableByteChannel;)J", "transferTo", "enterTransferTo", 2),
        transfer(
            "(Ljava/nio/channels/ReadableByteChannel;JJ)J", "transferFrom", "enterTransferFrom", 0),
        Hook.on("()V", "implCloseChannel")
            .anyAccess()
            .enter(FileInputStreamInstrumentation.ENTER)
            .exitOrThrow(
                Call.of(
                    FILE_IO,
                    "channelClose",
                    "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V",
                    TOKEN,
                    THIS,
                    PARENT)),
        FileInputStreamInstrumentation.OPEN);
  }
}
