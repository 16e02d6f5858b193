// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.THROWN;

import java.util.List;

/**
 * {@code java.util.zip.ZipFile$Source.initCEN}: a file that is not a readable archive fails the
 * transfer of its read (see {@code ZipFileIo}).
 */
public final class ZipFileSourceInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.ZipFile$Source";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        Hook.on(null, "initCEN")
            .anyAccess()
            .exitOrThrow(
                Call.of(
                    "ZipFileIo",
                    "unreadable",
                    "(Ljava/lang/Object;Ljava/lang/Throwable;)V",
                    Arg.field("zfile", "Ljava/io/RandomAccessFile;"),
                    THROWN)));
  }
}
