// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

/**
 * What a transfer is within its family: a plain transfer, a multi-stage operation or one of its
 * stages, a group of files or one of its files. Sinks use it to show a family as one whole (an
 * operation with its list of stages, a group as "3 of 10 files").
 */
public enum Kind {
  /** A transfer on its own, or the child of a plain transfer. */
  TRANSFER("transfer"),
  /** A multi-stage operation; its events list its stages ({@link ProgressEvent#stages()}). */
  OPERATION("operation"),
  /** One stage of an operation; its parent is the operation. */
  STAGE("stage"),
  /**
   * A group of files (a multi-file upload, a batch); its events count its files ({@link
   * ProgressEvent#completedFiles()}, {@link ProgressEvent#totalFiles()}).
   */
  GROUP("group"),
  /**
   * One file of a group; its parent is the group, its step word is {@link ProgressEvent#step()}.
   */
  FILE("file");

  private final String word;

  Kind(String word) {
    this.word = word;
  }

  /** The lower-case word used in every output format, for example {@code "operation"}. */
  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }
}
