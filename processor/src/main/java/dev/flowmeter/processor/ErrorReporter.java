// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import org.jspecify.annotations.Nullable;

/**
 * Reports the processor's messages, each attached to its element (and annotation, and annotation
 * value, when there is one) so that the compiler points at the offending line.
 *
 * <p>{@link #reportError} records the error and lets processing continue, so one build shows every
 * misuse; {@link #abortWithError} also stops work on the current type.
 */
final class ErrorReporter {
  private final Messager messager;
  private int errorCount;

  ErrorReporter(Messager messager) {
    this.messager = messager;
  }

  /** Reports an error and continues. */
  void reportError(
      String message,
      Element element,
      @Nullable AnnotationMirror annotation,
      @Nullable AnnotationValue value) {
    errorCount++;
    print(Diagnostic.Kind.ERROR, message, element, annotation, value);
  }

  /** Reports a warning: the code works, but probably not as meant. */
  void reportWarning(
      String message,
      Element element,
      @Nullable AnnotationMirror annotation,
      @Nullable AnnotationValue value) {
    print(Diagnostic.Kind.WARNING, message, element, annotation, value);
  }

  /** Reports an error and abandons the current type. */
  AbortProcessingException abortWithError(String message, Element element) {
    reportError(message, element, null, null);
    throw new AbortProcessingException();
  }

  /** How many errors were reported so far. */
  int errorCount() {
    return errorCount;
  }

  private void print(
      Diagnostic.Kind kind,
      String message,
      Element element,
      @Nullable AnnotationMirror annotation,
      @Nullable AnnotationValue value) {
    if (annotation != null && value != null) {
      messager.printMessage(kind, message, element, annotation, value);
    } else if (annotation != null) {
      messager.printMessage(kind, message, element, annotation);
    } else {
      messager.printMessage(kind, message, element);
    }
  }

  /** Thrown to abandon the current type after its error was reported. */
  static final class AbortProcessingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbortProcessingException() {
      super(null, null, false, false);
    }
  }
}
