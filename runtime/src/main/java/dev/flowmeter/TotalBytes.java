// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code long} or {@code int} parameter of a {@link Tracked} method that holds the total
 * size in bytes; the same as naming it with {@link Tracked#total()}.
 *
 * <p>A negative argument means the total is unknown. At most one parameter of a method may carry
 * it, and not together with {@code total}; the processor reports anything else as a compile error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TotalBytes {}
