// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples.tmux;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import java.util.ArrayList;
import java.util.List;

/**
 * A program that ends while its bars move, run by {@link TmuxExitTest}: three transfers advance for
 * about 15 s; with the argument {@code exit} it prints {@code exiting} after 1.5 s and calls {@code
 * System.exit(3)}, else it waits for them (to be stopped with Ctrl+C). It prints {@code started}
 * first.
 */
final class ExitingApp {
  static final List<String> NAMES = List.of("alpha.bin", "beta.bin", "gamma.bin");
  static final int STATUS = 3;

  private ExitingApp() {}

  public static void main(String[] args) throws InterruptedException {
    boolean exit = args.length > 0 && args[0].equals("exit");
    System.out.println("started");
    List<Thread> movers = new ArrayList<>();
    for (String name : NAMES) {
      Thread mover =
          new Thread(
              () -> {
                Transfer transfer = Flowmeter.start(name, 150L << 20);
                for (int step = 0; step < 150 && !transfer.isDone(); step++) {
                  transfer.advance(1L << 20);
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
                transfer.complete();
              });
      mover.start();
      movers.add(mover);
    }
    if (exit) {
      Thread.sleep(1_500);
      System.out.println("exiting");
      System.exit(STATUS);
    }
    for (Thread mover : movers) {
      mover.join();
    }
  }
}
