// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.instrumentation;

import static dev.flowmeter.agent.instrumentation.Arg.RETURN;
import static dev.flowmeter.agent.instrumentation.Arg.THIS;

import java.util.List;

/**
 * {@code java.util.zip.ZipFile.getInputStream(ZipEntry)}: the entry's stream, counted when large
 * (see {@code ZipFileIo}).
 */
public final class ZipFileInstrumentation implements TypeInstrumentation {
  @Override
  public String group() {
    return "zip";
  }

  @Override
  public String typeName() {
    return "java.util.zip.ZipFile";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        Hook.on("(Ljava/util/zip/ZipEntry;)Ljava/io/InputStream;", "getInputStream")
            .exit(
                Call.of(
                    "ZipFileIo",
                    "entry",
                    "(Ljava/lang/Object;Ljava/lang/Object;Ljava/io/InputStream;)"
                        + "Ljava/io/InputStream;",
                    THIS,
                    Arg.argument(0),
                    RETURN)));
  }
}
