// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that moves bytes through a stream or channel, so that each call reports its
 * progress as one transfer.
 *
 * <p><b>A standard annotation processor cannot change your class; call the generated {@code
 * Foo_Tracked}.</b> With {@code flowmeter-processor} on the compiler's processor path, a class
 * {@code Foo} with {@code @Tracked} methods gets a generated {@code Foo_Tracked} beside it:
 *
 * <ul>
 *   <li>for a class, a subclass with the same constructors that overrides each {@code @Tracked}
 *       method: {@code new Foo_Tracked(...)} instead of {@code new Foo(...)};
 *   <li>for an interface, a decorator: {@code Foo_Tracked.wrap(foo)};
 *   <li>for a static method, a static method of the same signature: {@code Foo_Tracked.m(...)}
 *       instead of {@code Foo.m(...)}.
 * </ul>
 *
 * <p>Calling {@code new Foo()} or {@code Foo.m()} directly reports nothing. A nested class {@code
 * Outer.Inner} gets {@code Outer_Inner_Tracked}. Every misuse the processor can see (a private or
 * final method, a final class, a method with no stream to count, a total or name naming an unknown
 * parameter) is a compile error on the annotated element, never a silent no-op. The annotation is
 * retained at run time so that Flowmeter's Java agent can apply the same behaviour to classes
 * compiled without the processor.
 *
 * <p>What the generated method does, in order: it starts a transfer whose parent is the
 * {@code @Tracked} call running on the same thread (if any); it wraps each parameter declared as
 * {@code InputStream}, {@code OutputStream}, {@code ReadableByteChannel} or {@code
 * WritableByteChannel} in a counting wrapper and calls the original method; when that returns, the
 * transfer is marked {@code saving} and then {@code completed}; when it throws, the transfer fails
 * with the exception (or is cancelled, for an interruption or a {@link
 * java.util.concurrent.CancellationException}), and the same exception is rethrown unchanged. A
 * method that <em>returns</em> an {@code InputStream}, {@code OutputStream} or channel gets the
 * returned object wrapped instead: the transfer then follows the caller's reads or writes and
 * completes when it is closed. A method with both an input and an output parameter (a copy) is one
 * transfer counting the bytes read (the output is passed on uncounted, so the call is reported
 * once). Inside the method, {@link Flowmeter#currentTracked()} gives the call's transfer: to set a
 * total known only then, to cancel the call, or to start a child transfer.
 *
 * <p>The total comes from the parameter named by {@link #total()} or annotated {@link TotalBytes};
 * else from the first {@code Path} or {@code File} parameter's size; else from a {@code
 * FileInputStream} or {@code FileChannel} argument (its size less its position); else it is
 * unknown. A size of 0 counts as unknown, and so does a size the argument's own code fails to give
 * (a {@code Path} of a file system that throws): that never makes the method fail.
 *
 * <p>Limits: parameters declared as a subtype ({@code FileInputStream}, {@code FileChannel}) cannot
 * be replaced by a counting wrapper and are not counted (the processor warns). Bytes moved after
 * the method returned (a stream handed to another thread and read later) are not reported.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tracked {
  /**
   * The operation word: {@code upload}, {@code download}, {@code read}, {@code write}, {@code copy}
   * or your own. Empty or blank (the default) infers it: {@code read} or {@code write} for a
   * returned input or output, else {@code copy} for an input and an output parameter, {@code read}
   * for an input, {@code write} for an output.
   */
  String operation() default "";

  /**
   * The transfer's name, a template in which {@code {param}} is replaced by that argument's {@code
   * toString()} ({@code null} shows as {@code "null"}), for example {@code "upload {file}"}. Write
   * <code>&#123;&#123;</code> and <code>&#125;&#125;</code> for a literal brace: {@code
   * "{{param}}"} shows {@code {param}}. Any other brace, one not around a Java identifier ({@code
   * {}}, {@code { x }}, {@code {1}}), is kept as written. Empty (the default) names the transfer
   * after the class and method ({@code Outer.Inner.method} for a nested class), followed by the
   * first {@code Path}, {@code File} or {@code URI} argument.
   *
   * <p>The name never makes the method fail: an argument whose {@code toString()} throws shows as
   * {@code <com.example.Blob: toString() failed>}, one that returns null as {@code null}, and a
   * name longer than 1,000 characters is cut with an ellipsis. Control characters are replaced by
   * the sinks that write to a terminal or a log line.
   */
  String name() default "";

  /**
   * The name of the {@code long} or {@code int} parameter that holds the total size in bytes (a
   * negative argument means unknown). Empty (the default): see {@link TotalBytes} and the class
   * documentation.
   */
  String total() default "";
}
