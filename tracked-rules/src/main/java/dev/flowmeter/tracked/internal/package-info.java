// SPDX-License-Identifier: Apache-2.0
/**
 * The rules of a {@code @Tracked} method, written once: which operation it reports, how its name
 * template is parsed and rendered, which parameter gives its total, which streams are counted, and
 * the name of the companion class the processor generates. Not for public use: these classes may
 * change or disappear in any release.
 *
 * <p>Both doors call these rules: the annotation processor, which turns a {@link
 * dev.flowmeter.tracked.internal.TrackedPlan} into generated code, and the agent, which evaluates
 * the same plan when an instrumented method runs. Each describes the method in plain terms (a
 * {@link dev.flowmeter.tracked.internal.MethodShape}: names and type names, no {@code
 * javax.lang.model}, no Byte Buddy), so the two cannot drift apart. Each shades this package into
 * its own jar, relocated; under the agent it sits on the bootstrap class path, which is why it
 * depends on nothing but {@code java.base}.
 */
@NullMarked
package dev.flowmeter.tracked.internal;

import org.jspecify.annotations.NullMarked;
