// SPDX-License-Identifier: Apache-2.0
/**
 * The bridge between advice inlined into JDK classes and the runtime: the only classes advice may
 * call.
 *
 * <p>These classes sit on the bootstrap class path with the runtime, so that code in {@code
 * java.base} can link to them. They are public because advice runs inside other packages; they are
 * not an API. Every entry point catches everything: nothing here may change what an instrumented
 * method returns or throws.
 */
package dev.flowmeter.agent.bootstrap;
