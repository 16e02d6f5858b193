// SPDX-License-Identifier: Apache-2.0
/**
 * Internal helpers shared by Flowmeter's packages. Not for public use: these classes may change or
 * disappear in any release.
 */
@NullMarked
package dev.flowmeter.internal;

import org.jspecify.annotations.NullMarked;
