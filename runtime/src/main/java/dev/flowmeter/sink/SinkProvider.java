// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Creates a sink from its spec in {@code flowmeter.sinks}.
 *
 * <p>A spec is {@code [instance=]name[:argument]}, split on the first {@code :} only, so {@code
 * csv:C:\logs\x.csv} has the argument {@code C:\logs\x.csv}. Options come from {@code
 * flowmeter.sink.<instance>.<key>}, else {@code flowmeter.sink.<name>.<key>}, through {@link
 * SinkContext#option(String)}.
 *
 * <p>A provider that cannot create its sink (it throws) is reported once on standard error, naming
 * the spec and the cause, and Flowmeter runs on with the other sinks; {@code Flowmeter.configure()}
 * throws instead.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}: register yours in {@code
 * META-INF/services/dev.flowmeter.sink.SinkProvider} (or with {@code @AutoService}). A provider
 * must be public with a public no-argument constructor.
 */
public interface SinkProvider {
  /**
   * The name used in {@code flowmeter.sinks}, for example {@code csv}: matched without regard to
   * case, with no blank, {@code ,}, {@code :} or {@code =}, and not {@code none} (which means no
   * sink). A provider whose name cannot be written there is skipped, said once on standard error.
   *
   * <p>Names are unique. When providers of one name are found, a built-in one ({@code console},
   * {@code csv}, {@code json}, {@code jsonl}, {@code log}, {@code jfr}, {@code jmx}) is used, and
   * otherwise the one whose class name sorts first; either way this is said once on standard error,
   * naming every class and the one used. Why the built-in one: a name in {@code flowmeter.sinks}
   * must mean the same in every deployment of an application, so a jar that a dependency brings
   * onto the class path cannot change silently what {@code csv} writes or where; and the choice
   * never depends on class-path order, which differs between a build tool, an IDE and a container.
   * A sink of your own that does what a built-in one does gets a name of its own ({@code mycsv}).
   */
  String name();

  /** How the spec is written, for error messages, for example {@code csv:<path>}. */
  default String usage() {
    return name();
  }

  /**
   * The least time between two progress snapshots of one transfer, when {@code
   * flowmeter.sink.<name>.interval} is not set. Lifecycle events are never delayed by it.
   */
  default Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  /**
   * The short keys of the options this sink reads ({@code style}, {@code width}), {@code interval}
   * included; a key under {@code flowmeter.sink.<name>.} that is not among them is warned about as
   * a likely misspelling, naming the closest one. The default, an empty set, means the options are
   * not declared, and then none is checked.
   */
  default Set<String> options() {
    return Set.of();
  }

  /**
   * Creates the sink.
   *
   * <p>It may call {@code Flowmeter}'s methods: while the JVM's sinks are being created, those
   * calls see Flowmeter's tracker as it is then, without its sinks. Whatever this method throws is
   * reported once and Flowmeter runs without this sink.
   *
   * @throws dev.flowmeter.ConfigException when the argument or an option is missing or malformed,
   *     naming the key, the value and what would be accepted
   * @throws IOException when the sink's file or connection cannot be opened
   */
  ProgressSink create(SinkContext context) throws IOException;
}
