// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.process;

import org.jspecify.annotations.Nullable;

/**
 * Reads an external tool's progress from its output, one line at a time.
 *
 * <p>The caller splits the tool's output (stdout or stderr) into lines at {@code \n} and at {@code
 * \r}, since tools redraw their progress in place with carriage returns, and passes every line,
 * including those that state no progress: a parser may remember what an earlier line said, such as
 * FFmpeg's input {@code Duration:}. A parser is therefore stateful and not thread-safe; use one per
 * process, from one thread. Create them with {@link ProgressParsers}.
 *
 * <p>You may implement this interface for a tool of your own; the same contract applies.
 */
@FunctionalInterface
public interface ProgressParser {

  /**
   * Returns the progress that {@code line} states, or {@code null} if it states none.
   *
   * <p>Never throws, whatever the line holds: control characters, huge numbers, an empty line or a
   * line of a megabyte. A line that does not parse is ignored.
   *
   * @param line one line of the tool's output, without its line terminator
   * @return the progress stated, or {@code null}
   */
  @Nullable ToolProgress parse(String line);
}
