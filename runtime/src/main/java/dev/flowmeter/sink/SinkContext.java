// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.Values;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SinkProvider} gets to create its sink: the argument of its spec, its options, the
 * process's standard streams and a clock.
 *
 * <p>Option keys are short ({@code style}); the full key is {@code flowmeter.sink.<name>.<key>},
 * read like every other key (system property, then environment variable, then the configuration
 * file). Typed getters throw a {@link ConfigException} that names the full key.
 */
public final class SinkContext {
  private final String name;
  private final @Nullable String argument;
  private final Function<String, @Nullable String> lookup;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final Clock clock;
  private final LiveTransfers transfers;

  private SinkContext(Builder b) {
    this.name = b.name;
    this.argument = b.argument;
    this.lookup = b.lookup;
    this.out = b.out;
    this.err = b.err;
    this.terminal = b.terminal;
    this.clock = b.clock;
    this.transfers = b.transfers;
  }

  /** A builder, for the tracker and for tests of sinks. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The sink's name, as in {@code flowmeter.sinks}. */
  public String name() {
    return name;
  }

  /** The part of the spec after the first {@code :}, if any. */
  public Optional<String> argument() {
    return Optional.ofNullable(argument);
  }

  /**
   * The argument, which this sink needs.
   *
   * @param usage how the spec is written, for example {@code csv:<path>}
   * @throws ConfigException naming {@code flowmeter.sinks} when the argument is missing or blank
   */
  public String requireArgument(String usage) {
    if (argument == null || argument.isBlank()) {
      throw new ConfigException(
          "flowmeter.sinks",
          name + (argument == null ? "" : ":" + argument),
          "needs an argument (accepted: " + usage + ")");
    }
    return argument;
  }

  /** The full key of option {@code key}: {@code flowmeter.sink.<name>.<key>}. */
  public String key(String key) {
    return "flowmeter.sink." + name + "." + key;
  }

  /** Option {@code key} as written, if set. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(lookup.apply(key(key)));
  }

  /** Option {@code key}, or {@code defaultValue}. */
  public String option(String key, String defaultValue) {
    return option(key).orElse(defaultValue);
  }

  /** Boolean option {@code key}, or {@code defaultValue}. */
  public boolean booleanOption(String key, boolean defaultValue) {
    return option(key).map(v -> Values.bool(key(key), v)).orElse(defaultValue);
  }

  /** Duration option {@code key} ({@code 250ms}, {@code 2s}, ...), or {@code defaultValue}. */
  public Duration durationOption(String key, Duration defaultValue) {
    return option(key).map(v -> Values.duration(key(key), v)).orElse(defaultValue);
  }

  /** Whole-number option {@code key} within {@code [min, max]}, or {@code defaultValue}. */
  public long longOption(String key, long defaultValue, long min, long max) {
    return option(key).map(v -> Values.integer(key(key), v, min, max)).orElse(defaultValue);
  }

  /** Option {@code key}, one of {@code accepted} (case ignored), or {@code defaultValue}. */
  public String choiceOption(String key, String defaultValue, String... accepted) {
    return option(key).map(v -> Values.oneOf(key(key), v, accepted)).orElse(defaultValue);
  }

  /** The process's standard output as it was when Flowmeter started. */
  public PrintStream out() {
    return out;
  }

  /** The process's standard error as it was when Flowmeter started. */
  public PrintStream err() {
    return err;
  }

  /** Whether standard output and error are an interactive terminal (not a pipe, a file or CI). */
  public boolean isTerminal() {
    return terminal;
  }

  /** The wall clock for timestamps. */
  public Clock clock() {
    return clock;
  }

  /**
   * The tracker's transfers: snapshots of all, one by id, and cancel by id. Safe to use inside
   * {@link SinkProvider#create}.
   */
  public LiveTransfers transfers() {
    return transfers;
  }

  /** Builds a {@link SinkContext}. */
  public static final class Builder {
    private final String name;
    private @Nullable String argument;
    private Function<String, @Nullable String> lookup;
    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private boolean terminal;
    private Clock clock = Clock.systemUTC();
    private LiveTransfers transfers = LiveTransfers.none();
    private final Map<String, String> options = new HashMap<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      this.lookup = options::get;
    }

    /** The argument of the spec, or {@code null}. */
    public Builder argument(@Nullable String argument) {
      this.argument = argument;
      return this;
    }

    /** Sets option {@code key} (short form, for example {@code style}). */
    public Builder option(String key, String value) {
      options.put("flowmeter.sink." + name + "." + key, value);
      return this;
    }

    /** Reads options through {@code lookup}, which takes full keys; replaces {@link #option}. */
    public Builder lookup(Function<String, @Nullable String> lookup) {
      this.lookup = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    public Builder out(PrintStream out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    public Builder err(PrintStream err) {
      this.err = Objects.requireNonNull(err, "err");
      return this;
    }

    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The view of the tracker's transfers the sink gets. */
    public Builder transfers(LiveTransfers transfers) {
      this.transfers = Objects.requireNonNull(transfers, "transfers");
      return this;
    }

    public SinkContext build() {
      return new SinkContext(this);
    }
  }
}
