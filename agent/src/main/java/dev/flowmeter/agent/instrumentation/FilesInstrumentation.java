// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.THROWN;
import static dev.flowmeter.agent.instrumentation.Arg.TOKEN;

import java.util.List;

/**
 * {@code java.nio.file.Files.copy(Path, Path, CopyOption...)}: one transfer for the whole copy,
 * which the file system provider may make without any stream or channel the agent sees.
 */
public final class FilesInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "nio";
  }

  @Override
  public String typeName() {
    return "java.nio.file.Files";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        Hook.on(
                "(Ljava/nio/file/Path;Ljava/nio/file/Path;[Ljava/nio/file/CopyOption;)"
                    + "Ljava/nio/file/Path;",
                "copy")
            .enter(
                Call.of(
                    FileInputStreamInstrumentation.FILE_IO,
                    "copyStart",
                    "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                    Arg.argument(0),
                    Arg.argument(1)))
            .exitOrThrow(
                Call.of(
                    FileInputStreamInstrumentation.FILE_IO,
                    "copyEnd",
                    "(Ljava/lang/Object;Ljava/lang/Throwable;)V",
                    TOKEN,
                    THROWN)));
  }
}
