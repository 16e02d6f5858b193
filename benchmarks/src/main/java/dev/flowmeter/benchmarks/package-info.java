// SPDX-License-Identifier: Apache-2.0
/**
 * JMH benchmarks of the counting streams' hot path, run side by side with a raw stream, a
 * do-nothing decorator and the peer libraries.
 *
 * <p>Every benchmark class takes a {@code variant} parameter ({@code baseline}, {@code decorator},
 * {@code flowmeter}, {@code progressbar}, {@code commonsIo}, {@code guava}), so one run prints one
 * table per workload with every variant in it. One operation moves the whole 1 MiB source or sink
 * once, so a throughput in ops/s is also a speed in MiB/s. Build and run:
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar -prof gc
 * </pre>
 */
package dev.flowmeter.benchmarks;
