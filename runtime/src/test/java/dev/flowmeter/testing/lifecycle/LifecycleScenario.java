// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.testing.lifecycle;

/**
 * The scenarios of {@link AbstractLifecycleTest}, each performed by {@link LifecycleRunner} through
 * one door and named by a label that every transfer it starts carries in its name (no label is part
 * of another).
 */
public enum LifecycleScenario {
  /** A file read to its end, then closed: completed at the end, with the file's size. */
  END_OF_STREAM("lifecycle-end-of-stream"),
  /** A file read in part, then closed: completed on close, with the bytes read. */
  CLOSE_EARLY("lifecycle-close-early"),
  /** A truncated gzip file read until its stream throws, then closed: failed, with the message. */
  FAILURE("lifecycle-failure"),
  /** A file channel read on an interrupted thread, which throws: cancelled. */
  INTERRUPT("lifecycle-interrupt"),
  /**
   * As {@link #FAILURE}, inside one call ({@link LifecycleDoor#read}) that the exception leaves:
   * for the generated code, a {@code @Tracked} method that reads its parameter.
   */
  CALL_FAILURE("lifecycle-call-failure"),
  /** As {@link #INTERRUPT}, inside one call that the exception leaves. */
  CALL_INTERRUPT("lifecycle-call-interrupt"),
  /** A reader that stops half-way while another thread cancels its transfer: cancelled, once. */
  CANCEL_ELSEWHERE("lifecycle-cancel-elsewhere"),
  /** A stream read in part and dropped without close: cancelled once garbage-collected. */
  ABANDONED("lifecycle-abandoned"),
  /** 32 threads each reading 50 files to their end: one starting and one final event each. */
  CONCURRENT("lifecycle-concurrent");

  private final String label;

  LifecycleScenario(String label) {
    this.label = label;
  }

  /** The label the scenario's transfers carry in their names (a file name or a template). */
  public String label() {
    return label;
  }
}
