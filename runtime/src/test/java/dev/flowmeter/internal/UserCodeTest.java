// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

final class UserCodeTest {
  /** An object whose {@code toString()} throws what {@code failure} gives. */
  private static Object throwingToString(Supplier<Throwable> failure) {
    return new Object() {
      @Override
      public String toString() {
        throw sneaky(failure.get());
      }
    };
  }

  /** An exception whose {@code getMessage()} throws. */
  private static final class BrokenMessage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new AssertionError("getMessage() is broken");
    }
  }

  @Test
  void text_isStringValueOf() {
    assertThat(UserCode.text("a")).isEqualTo("a");
    assertThat(UserCode.text(42)).isEqualTo("42");
    assertThat(UserCode.text(null)).isEqualTo("null");
  }

  @Test
  void text_toStringReturningNull_isNull() {
    Object o =
        new Object() {
          @Override
          @SuppressWarnings("ToStringReturnsNull") // what is tested
          public String toString() {
            return null;
          }
        };
    assertThat(UserCode.text(o)).isEqualTo("null");
  }

  @Test
  void text_toStringThrowingAnything_isPlaceholderNamingTheClass() {
    for (Supplier<Throwable> failure :
        java.util.List.<Supplier<Throwable>>of(
            () -> new IllegalStateException("not initialised"),
            StackOverflowError::new, // a toString() that recurses
            () -> new OutOfMemoryError("Requested array size exceeds VM limit"),
            () -> new Exception("thrown sneakily"))) {
      Object o = throwingToString(failure);
      assertThat(UserCode.text(o)).isEqualTo("<" + o.getClass().getName() + ": toString() failed>");
    }
  }

  @Test
  @SuppressWarnings("removal") // ThreadDeath, deprecated for removal from JDK 20
  void text_threadDeath_isRethrown() {
    Object o = throwingToString(ThreadDeath::new);
    assertThatThrownBy(() -> UserCode.text(o)).isInstanceOf(ThreadDeath.class);
  }

  @Test
  void message_getMessageThrowing_isNull() {
    assertThat(UserCode.message(new BrokenMessage())).isNull();
    assertThat(UserCode.message(new IllegalStateException("x"))).isEqualTo("x");
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
