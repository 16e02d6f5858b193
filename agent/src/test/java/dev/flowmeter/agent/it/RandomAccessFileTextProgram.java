// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program run in a forked JVM under the agent: writes text to files with {@code
 * RandomAccessFile.writeBytes(String)} and {@code writeChars(String)}, and prints {@code moved
 * write <bytes> <file>} for each file, with the file's size once written.
 *
 * <p>Arguments: the folder for its files, and the number of characters to write to each.
 */
public final class RandomAccessFileTextProgram {
  private RandomAccessFileTextProgram() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String text = "x".repeat(Integer.parseInt(args[1]));
    Path bytes = dir.resolve("bytes.txt");
    try (RandomAccessFile file = new RandomAccessFile(bytes.toFile(), "rw")) {
      file.writeBytes(text);
    }
    System.out.println("moved write " + Files.size(bytes) + " " + bytes);
    Path chars = dir.resolve("chars.txt");
    try (RandomAccessFile file = new RandomAccessFile(chars.toFile(), "rw")) {
      file.writeChars(text);
    }
    System.out.println("moved write " + Files.size(chars) + " " + chars);
  }
}
