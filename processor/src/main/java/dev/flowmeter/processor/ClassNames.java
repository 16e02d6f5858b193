// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import com.palantir.javapoet.ClassName;

/**
 * The names of the types the processor reads and the generated code refers to, in one place.
 *
 * <p>The processor has no dependency on {@code flowmeter-runtime}: it reads {@code @Tracked} as an
 * annotation mirror and writes the runtime's names as text, so that the processor path needs this
 * jar only.
 */
final class ClassNames {
  private ClassNames() {}

  static final String TRACKED = "dev.flowmeter.Tracked";
  static final String TOTAL_BYTES = "dev.flowmeter.TotalBytes";
  static final String GENERATED = "javax.annotation.processing.Generated";

  static final ClassName TRACKED_CALL = ClassName.get("dev.flowmeter.internal", "TrackedCall");
  static final ClassName PROGRESS_EVENT = ClassName.get("dev.flowmeter", "ProgressEvent");
  static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
}
