// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.util.Optional;

/**
 * One file of a {@link FileGroup}: a transfer of kind {@link Kind#FILE}, child of its group, with a
 * step word of the group's {@link FileSteps vocabulary} and a message.
 *
 * <p>A file is {@code pending} from {@link FileGroup#addFile(String)} until it starts: by {@link
 * #start()}, {@link #step(String)} or an end. A started file is at its vocabulary's first step
 * until {@link #step(String)} moves it. Count its bytes with {@link #advance(long)} or {@link
 * #progress(long)}, or say its share with {@link #fraction(double)} (within the current step when
 * the steps have ranges). {@link #complete()} makes its step word the group's completed word,
 * {@link #fail(String)} its error word with the message kept.
 *
 * <p>Events of a file carry its step word ({@link ProgressEvent#step()}) and message ({@link
 * ProgressEvent#message()}). Thread-safe, as every {@link Transfer}.
 */
public interface GroupFile extends Transfer {
  /** The group this file belongs to. */
  FileGroup group();

  /**
   * Moves the file to {@code word}, starting it if it was pending. With ranges, its share done
   * becomes the step's start, and bytes counted from now on (or a {@link #fraction(double)}) move
   * it within the step's range. Does nothing once the file ended.
   *
   * @throws IllegalArgumentException when {@code word} is not one of the group's steps; the message
   *     names the accepted words
   */
  void step(String word);

  /**
   * Moves the file to {@code word}, {@code fractionOfStep} (0 to 1, clamped) of the way through it:
   * with ranges, {@code step("processing", 0.5)} over 40-80 % is 60 %. Without ranges the fraction
   * is the file's share done.
   *
   * @throws IllegalArgumentException when {@code word} is not one of the group's steps, or the
   *     fraction is {@code NaN} or infinite
   */
  void step(String word, double fractionOfStep);

  /**
   * The step word now: empty while pending; the group's completed or error word once the file
   * completed or failed; a cancelled file keeps the step it was at.
   */
  Optional<String> step();

  /** Sets the message shown with the file (a server's answer, a reason); {@code null} clears it. */
  void message(@org.jspecify.annotations.Nullable String message);

  /** The message: the last one set, or the one the file failed with. */
  Optional<String> message();
}
