// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.nio.file.Path;
import org.apache.commons.compress.archivers.examples.Archiver;
import org.apache.commons.compress.archivers.examples.Expander;

/**
 * Apache Commons Compress, unmodified, through its public API only: {@code create <format>
 * <archive> <folder>} archives a folder, {@code extract <archive> <folder>} expands an archive
 * (format detected by the library). Run in a forked JVM, with or without the agent.
 */
public final class CompressProgram {
  private CompressProgram() {}

  public static void main(String[] args) throws Exception {
    if ("create".equals(args[0])) {
      new Archiver().create(args[1], Path.of(args[2]), Path.of(args[3]));
    } else {
      new Expander().expand(Path.of(args[1]), Path.of(args[2]));
    }
    System.out.println(args[0] + " done");
  }
}
