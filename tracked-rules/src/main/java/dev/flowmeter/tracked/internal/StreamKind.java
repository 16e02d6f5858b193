// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.tracked.internal;

import org.jspecify.annotations.Nullable;

/**
 * The four types a {@code @Tracked} method's parameters and result are counted through. Only a
 * parameter or result declared as exactly one of them can be replaced by a counting wrapper: a
 * subtype ({@code FileInputStream}, {@code FileChannel}) is not counted.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public enum StreamKind {
  INPUT_STREAM("java.io.InputStream", true),
  OUTPUT_STREAM("java.io.OutputStream", false),
  READABLE_CHANNEL("java.nio.channels.ReadableByteChannel", true),
  WRITABLE_CHANNEL("java.nio.channels.WritableByteChannel", false);

  /** The four types as a message names them. */
  public static final String NAMES =
      "InputStream, OutputStream, ReadableByteChannel or WritableByteChannel";

  private final String typeName;
  private final boolean input;

  StreamKind(String typeName, boolean input) {
    this.typeName = typeName;
    this.input = input;
  }

  /** The qualified name of the type. */
  public String typeName() {
    return typeName;
  }

  /** Whether bytes are read through it (else written). */
  public boolean isInput() {
    return input;
  }

  /** The kind of a type declared as exactly {@code typeName}, else {@code null}. */
  public static @Nullable StreamKind of(String typeName) {
    for (StreamKind kind : values()) {
      if (kind.typeName.equals(typeName)) {
        return kind;
      }
    }
    return null;
  }
}
