// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.webhook;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A program {@link WebhookAgentTest} runs under the agent: copies {@code args[0]} to {@code
 * args[1]} with {@link Files#copy(InputStream, Path, java.nio.file.CopyOption...)}, which calls
 * nothing of Flowmeter's. It is the agent that tracks the stream.
 */
public final class CopyFileProgram {
  private CopyFileProgram() {}

  public static void main(String[] args) throws Exception {
    try (InputStream in = new FileInputStream(args[0])) {
      long n = Files.copy(in, Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
      System.out.println("copied " + n);
    }
  }
}
