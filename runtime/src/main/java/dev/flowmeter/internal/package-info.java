// SPDX-License-Identifier: Apache-2.0
/**
 * The core: the tracker every path reports into, the transfer lifecycle ({@code TransferImpl},
 * whose ends follow {@code TransferEnds}), delivery to sinks and listeners ({@code
 * SinkDispatcher}), configuration ({@code Config}, {@code ConfigKeys}), the entry points of the
 * generated code ({@code TrackedCall}) and of the agent ({@code AgentHooks}), and helpers shared by
 * Flowmeter's packages.
 *
 * <p>Not for public use: these classes are public only so that Flowmeter's other packages, its
 * generated code and its agent can reach them, and they may change or disappear in any release.
 */
@NullMarked
package dev.flowmeter.internal;

import org.jspecify.annotations.NullMarked;
