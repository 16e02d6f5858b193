// SPDX-License-Identifier: Apache-2.0

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The wall-time load of {@code run.sh}: a program that moves 64 MB in about a second. It copies
 * {@code <source>} (64 MiB) to {@code <target>} {@code <copies>} times with {@code
 * FileInputStream}/{@code FileOutputStream} and a 64 KiB buffer, overwriting the target each time,
 * and prints the bytes it copied. {@code run.sh} times the whole JVM, start and exit included.
 */
public final class CopyLoad {
  private CopyLoad() {}

  public static void main(String[] args) throws IOException {
    int copies = Integer.parseInt(args[2]);
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    for (int i = 0; i < copies; i++) {
      try (InputStream in = new FileInputStream(args[0]);
          OutputStream out = new FileOutputStream(args[1])) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          copied += n;
        }
      }
    }
    System.out.println("copied=" + copied);
  }
}
