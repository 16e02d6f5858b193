// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

/**
 * How a parameter of a {@code @Tracked} method is passed on, named after the {@code TrackedCall}
 * method that wraps it: an input counts into the call's transfer, an output too, except in a copy
 * (an input and an output), whose output is passed on uncounted (the call counts the bytes read).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public enum Wrapping {
  /** Passed on as is: not a stream, or the method's result is counted instead. */
  NONE(""),
  /** {@code call.reading(parameter)}. */
  READING("reading"),
  /** {@code call.writing(parameter)}. */
  WRITING("writing"),
  /** {@code call.writingAsChild(parameter)}: the output of a copy, passed on uncounted. */
  WRITING_AS_CHILD("writingAsChild");

  private final String method;

  Wrapping(String method) {
    this.method = method;
  }

  /** The name of the {@code TrackedCall} method that wraps the parameter ({@code ""} for none). */
  public String method() {
    return method;
  }
}
