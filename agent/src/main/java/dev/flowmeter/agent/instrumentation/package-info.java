// SPDX-License-Identifier: Apache-2.0
/**
 * The agent's instrumentations: one {@code <Target>Instrumentation} per instrumented type, with
 * nested advice classes inlined into the target and named by string.
 *
 * <p>This package lives in the agent's own class loader, never on the application's class path.
 * Advice follows three rules: {@code suppress = Throwable.class}, no fields or constants, and all
 * work done through static calls into {@code dev.flowmeter.agent.bootstrap}.
 */
package dev.flowmeter.agent.instrumentation;
