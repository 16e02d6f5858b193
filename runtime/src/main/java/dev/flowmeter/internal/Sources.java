// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Direction;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The words of {@link dev.flowmeter.ProgressEvent#source()}: which path made a transfer. Each path
 * names itself once, where it creates its transfers, and the word never changes afterwards.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class Sources {
  /** The public API: {@code Flowmeter.wrap}, {@code TransferBuilder}, operations, file groups. */
  public static final String API = "api";

  /** The code the {@code @Tracked} processor generates (through {@link TrackedCall}). */
  public static final String TRACKED = "tracked";

  /** The agent's file streams and {@code RandomAccessFile}. */
  public static final String AGENT_FILE = "agent.file";

  /** The agent's file channels and {@code Files.copy}. */
  public static final String AGENT_NIO = "agent.nio";

  /** The agent's {@code HttpURLConnection} and {@code java.net.http.HttpClient} bodies. */
  public static final String AGENT_HTTP = "agent.http";

  /** The agent's zip entries and gzip streams. */
  public static final String AGENT_ZIP = "agent.zip";

  /** Methods the agent instruments by name ({@code flowmeter.agent.track}). */
  public static final String AGENT_TRACKED = "agent.tracked";

  /** An external tool's progress parsed from its output ({@code dev.flowmeter.process}). */
  public static final String PROCESS = "process";

  private Sources() {}

  /**
   * The direction of a transfer: {@code given} when its creator said it, else what the operation
   * word says ({@code upload} and {@code write} go out, {@code download} and {@code read} come in,
   * in any case), else {@code side}, the side of what counts its bytes ({@link Direction#UNKNOWN}
   * for none).
   */
  public static Direction direction(@Nullable Direction given, String operation, Direction side) {
    if (given != null) {
      return given;
    }
    switch (operation.toLowerCase(Locale.ROOT)) {
      case "upload":
      case "write":
        return Direction.WRITE;
      case "download":
      case "read":
        return Direction.READ;
      default:
        return side;
    }
  }
}
