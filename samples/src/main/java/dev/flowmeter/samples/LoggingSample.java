// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import dev.flowmeter.Flowmeter;
import dev.flowmeter.Transfer;
import dev.flowmeter.console.ConsoleLogHandler;
import dev.flowmeter.console.ConsoleOutput;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * Printing while bars are drawn: lines through {@link ConsoleOutput} and log records through {@link
 * ConsoleLogHandler} land above the bars, whole.
 */
public final class LoggingSample {
  private LoggingSample() {}

  public static void main(String[] args) throws InterruptedException {
    // README: print above
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    root.addHandler(new ConsoleLogHandler());
    System.Logger log = System.getLogger("backup");

    Transfer backup = Flowmeter.start("backup.tar", 10 * 1024 * 1024);
    for (int part = 1; part <= 10; part++) {
      backup.advance(1024 * 1024);
      log.log(System.Logger.Level.INFO, "part {0} of 10 stored", part);
      Thread.sleep(50);
    }
    backup.complete();
    ConsoleOutput.println("backup done");
    // README: end
    Flowmeter.flush(1_000);
  }
}
