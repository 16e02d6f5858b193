// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

import java.util.Arrays;
import java.util.Locale;

/**
 * Runs one sample by name; without a name, the copy demo.
 *
 * <pre>
 * java -jar samples/target/flowmeter-samples.jar [copy|quickstart|cancel|context|listener|manual|iterate|upload|download] [options]
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String name = args.length == 0 ? "copy" : args[0].toLowerCase(Locale.ROOT);
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (name) {
      case "copy":
        CopyDemo.main(rest);
        break;
      case "quickstart":
        QuickStart.main(rest);
        break;
      case "cancel":
        CancelSample.main(rest);
        break;
      case "context":
        ContextSample.main(rest);
        break;
      case "listener":
        ListenerSample.main(rest);
        break;
      case "manual":
        ManualTransferSample.main(rest);
        break;
      case "iterate":
        IterateSample.main(rest);
        break;
      case "logging":
        LoggingSample.main(rest);
        break;
      case "upload":
        UploadSample.main(rest);
        break;
      case "download":
        DownloadSample.main(rest);
        break;
      default:
        System.err.println(
            "unknown sample '"
                + name
                + "' (accepted: copy, quickstart, cancel, context, listener, manual, iterate, logging,"
                + " upload, download)");
        System.exit(2);
    }
  }
}
