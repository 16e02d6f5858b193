// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.jspecify.annotations.Nullable;

/**
 * The four types a tracked method's parameters and result are counted through. Only a parameter or
 * result declared as exactly one of them can be replaced by a counting wrapper.
 */
enum StreamKind {
  INPUT_STREAM(ClassNames.INPUT_STREAM, true),
  OUTPUT_STREAM(ClassNames.OUTPUT_STREAM, false),
  READABLE_CHANNEL(ClassNames.READABLE_CHANNEL, true),
  WRITABLE_CHANNEL(ClassNames.WRITABLE_CHANNEL, false);

  private final String qualifiedName;
  private final boolean input;

  StreamKind(String qualifiedName, boolean input) {
    this.qualifiedName = qualifiedName;
    this.input = input;
  }

  /** Whether bytes are read through it (else written). */
  boolean isInput() {
    return input;
  }

  String qualifiedName() {
    return qualifiedName;
  }

  /** The kind of a type declared as exactly one of the four, else {@code null}. */
  static @Nullable StreamKind of(TypeMirror type) {
    String name = qualifiedName(type);
    for (StreamKind kind : values()) {
      if (kind.qualifiedName.equals(name)) {
        return kind;
      }
    }
    return null;
  }

  /** The qualified name of a declared type, or {@code ""} for any other type. */
  static String qualifiedName(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return "";
    }
    return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
  }
}
