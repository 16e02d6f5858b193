// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import org.jspecify.annotations.Nullable;

/**
 * What {@link TrackedValidator} found for one type: errors and warnings, each with the element it
 * belongs to. Code is generated only for a clean report (no errors).
 */
final class ValidationReport {
  /** One message and where it points. */
  static final class Item {
    final boolean error;
    final String message;
    final Element element;
    final @Nullable AnnotationMirror annotation;
    final @Nullable AnnotationValue value;

    Item(
        boolean error,
        String message,
        Element element,
        @Nullable AnnotationMirror annotation,
        @Nullable AnnotationValue value) {
      this.error = error;
      this.message = message;
      this.element = element;
      this.annotation = annotation;
      this.value = value;
    }
  }

  private final List<Item> items = new ArrayList<>();

  void error(
      String message,
      Element element,
      @Nullable AnnotationMirror annotation,
      @Nullable AnnotationValue value) {
    items.add(new Item(true, message, element, annotation, value));
  }

  void warning(String message, Element element, @Nullable AnnotationMirror annotation) {
    items.add(new Item(false, message, element, annotation, null));
  }

  /** Whether there is no error (warnings allowed). */
  boolean isClean() {
    return items.stream().noneMatch(i -> i.error);
  }

  /** Prints every item through {@code reporter}. */
  void printTo(ErrorReporter reporter) {
    for (Item i : items) {
      if (i.error) {
        reporter.reportError(i.message, i.element, i.annotation, i.value);
      } else {
        reporter.reportWarning(i.message, i.element, i.annotation, i.value);
      }
    }
  }
}
