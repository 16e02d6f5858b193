// SPDX-License-Identifier: Apache-2.0
/**
 * The agent's instrumentations of the JDK: one {@code <Target>Instrumentation} per instrumented
 * type, each a list of {@link dev.flowmeter.agent.instrumentation.Hook}s, which the installer's
 * weaver writes into the type's methods as plain static calls into {@code
 * dev.flowmeter.agent.bootstrap}.
 *
 * <p>This package lives in the agent's own class loader, never on the application's class path. It
 * describes, and loads nothing: the bridge methods a hook calls are named by string, and every one
 * of them catches everything it could throw (fail-open), except the cancel check, which throws only
 * the {@code InterruptedIOException} it is there to throw.
 */
package dev.flowmeter.agent.instrumentation;
