// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

/**
 * A program run in a forked JVM that ends {@code args[0]} milliseconds after {@code main} starts,
 * while the agent may still be installing: by returning from {@code main}, or by {@code
 * System.exit(0)} with {@code exit} as second argument. With {@code busy} as third argument a
 * thread spins meanwhile, taking a core from the installer.
 */
public final class ShortProgram {
  private ShortProgram() {}

  public static void main(String[] args) throws Exception {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
    if (args.length > 2 && "busy".equals(args[2])) {
      Thread busy =
          new Thread(
              () -> {
                long spins = 0;
                while (System.nanoTime() < end) {
                  spins++;
                }
                if (spins < 0) {
                  System.out.println(spins); // never: keeps the loop from being optimised away
                }
              },
              "busy");
      busy.setDaemon(true);
      busy.start();
    }
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000L));
    }
    if (args.length > 1 && "exit".equals(args[1])) {
      System.exit(0);
    }
  }
}
