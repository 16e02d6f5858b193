// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An application that uses the library itself: it reads one file through {@code Flowmeter.wrap} and
 * another through a plain {@code FileInputStream}, then prints the transfers its own {@code
 * Flowmeter.transfers()} sees and which class loader gave it the runtime.
 */
public final class OneTrackerProgram {
  private OneTrackerProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    try (InputStream in = Flowmeter.wrap(new FileInputStream(args[0]), "wrapped-by-app")) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    try (InputStream in = new FileInputStream(args[1])) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    for (ProgressEvent event : Flowmeter.transfers()) {
      System.out.println(event.name() + " " + event.status() + " " + event.bytes());
    }
    System.out.println(
        "runtime from " + (Flowmeter.class.getClassLoader() == null ? "bootstrap" : "application"));
  }
}
