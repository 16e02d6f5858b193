// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A program run in a forked JVM: lists the entries of each archive {@code <zip>...} with {@code
 * ZipInputStream} read from a {@code FileInputStream}, printing each entry's name and length, or
 * the exception that ended the listing (an archive cut short).
 */
public final class ZipProgram {
  private ZipProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    for (String archive : args) {
      try (ZipInputStream zip = new ZipInputStream(new FileInputStream(archive))) {
        ZipEntry entry;
        byte[] buffer = new byte[8192];
        while ((entry = zip.getNextEntry()) != null) {
          long length = 0;
          int n;
          while ((n = zip.read(buffer)) > 0) {
            length += n;
          }
          System.out.println(entry.getName() + " " + length);
        }
      } catch (IOException e) {
        System.out.println(archive + ": " + e);
      }
    }
  }
}
