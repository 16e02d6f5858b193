// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.InputStream;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A program run in a forked JVM: reads the entries of the archive {@code <zip>} with {@code
 * ZipFile}, each to its end, except an entry whose name starts with {@code half/}, of which it
 * reads half its size and then closes the stream; prints each entry's name and the bytes read, or
 * the exception when the archive cannot be opened.
 */
public final class ZipFileProgram {
  private ZipFileProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    ZipFile opened;
    try {
      opened = new ZipFile(args[0]);
    } catch (ZipException e) {
      System.out.println(args[0] + ": " + e);
      return;
    }
    try (ZipFile zip = opened) {
      byte[] buffer = new byte[8192];
      for (ZipEntry entry : Collections.list(zip.entries())) {
        long limit = entry.getName().startsWith("half/") ? entry.getSize() / 2 : Long.MAX_VALUE;
        long length = 0;
        try (InputStream in = zip.getInputStream(entry)) {
          int n;
          while (length < limit
              && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - length))) > 0) {
            length += n;
          }
        }
        System.out.println(entry.getName() + " " + length);
      }
    }
  }
}
