// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import dev.flowmeter.ConfigException;
import dev.flowmeter.internal.ConfigKeys;
import dev.flowmeter.internal.Values;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SinkProvider} gets to create its sink: the argument of its spec, its options, the
 * process's standard streams and a clock.
 *
 * <p>Option keys are short ({@code style}); the full key is {@code flowmeter.sink.<name>.<key>},
 * read like every other key (system property, then environment variable, then the configuration
 * file). A typed getter given a value it cannot use (a width of {@code 19}, a style {@code bars})
 * applies its default, and the mistake is said once, as every configuration mistake is (one line
 * naming the full key, the value, what is accepted and the default used): a typo in an option never
 * costs the user the whole sink. {@link dev.flowmeter.Flowmeter#configure()} reports it as a {@link
 * ConfigException} instead. A context built without {@link Builder#onBadOption} (in a sink's own
 * tests, say) throws that exception from the getter.
 *
 * <p>Two sinks of one kind run side by side under names of their own: {@code
 * flowmeter.sinks=alerts=jsonl:/tmp/a.jsonl,audit=jsonl:/tmp/b.jsonl}. Each reads its options under
 * its own name first ({@code flowmeter.sink.alerts.interval}), then under its kind's ({@code
 * flowmeter.sink.jsonl.interval}), so what both share is written once. A sink without a name of its
 * own is named after its kind.
 */
public final class SinkContext {
  private final String name;
  private final String kind;
  private final @Nullable String argument;
  private final Function<String, @Nullable String> lookup;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final boolean outTerminal;
  private final Clock clock;
  private final LiveTransfers transfers;
  private final @Nullable BiConsumer<ConfigException, String> onBadOption;

  private SinkContext(Builder b) {
    this.name = b.name;
    this.kind = b.kind != null ? b.kind : b.name;
    this.argument = b.argument;
    this.lookup = b.lookup;
    this.out = b.out;
    this.err = b.err;
    this.terminal = b.terminal;
    this.outTerminal = b.outTerminal != null ? b.outTerminal : b.terminal;
    this.clock = b.clock;
    this.transfers = b.transfers;
    this.onBadOption = b.onBadOption;
  }

  /** A builder, for the tracker and for tests of sinks; {@code name} is the instance name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The sink's instance name: the name written before {@code =} in {@code flowmeter.sinks} ({@code
   * alerts} in {@code alerts=jsonl:/tmp/a.jsonl}), else its {@link #kind()}.
   */
  public String name() {
    return name;
  }

  /** The sink's kind: its provider's {@link SinkProvider#name()} ({@code jsonl}). */
  public String kind() {
    return kind;
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
      String spec = name.equals(kind) ? kind : name + "=" + kind;
      throw new ConfigException(
          ConfigKeys.SINKS,
          spec + (argument == null ? "" : ":" + argument),
          "needs an argument (accepted: " + usage + ")");
    }
    return argument;
  }

  /**
   * The full key of option {@code key}: {@code flowmeter.sink.<name>.<key>}; for a named instance
   * whose option is set only under its kind, {@code flowmeter.sink.<kind>.<key>}, the key the value
   * came from.
   */
  public String key(String key) {
    String own = ConfigKeys.sinkOption(name, key);
    if (name.equals(kind) || lookup.apply(own) != null) {
      return own;
    }
    String shared = ConfigKeys.sinkOption(kind, key);
    return lookup.apply(shared) != null ? shared : own;
  }

  /**
   * Option {@code key} as written, if set: {@code flowmeter.sink.<name>.<key>}, else {@code
   * flowmeter.sink.<kind>.<key>}.
   */
  public Optional<String> option(String key) {
    String value = lookup.apply(ConfigKeys.sinkOption(name, key));
    if (value == null && !name.equals(kind)) {
      value = lookup.apply(ConfigKeys.sinkOption(kind, key));
    }
    return Optional.ofNullable(value);
  }

  /** Option {@code key}, or {@code defaultValue}. */
  public String option(String key, String defaultValue) {
    return option(key).orElse(defaultValue);
  }

  /** Boolean option {@code key}, or {@code defaultValue}. */
  public boolean booleanOption(String key, boolean defaultValue) {
    return typed(key, defaultValue, v -> Values.bool(key(key), v));
  }

  /** Duration option {@code key} ({@code 250ms}, {@code 2s}, ...), or {@code defaultValue}. */
  public Duration durationOption(String key, Duration defaultValue) {
    return typed(key, defaultValue, v -> Values.duration(key(key), v));
  }

  /**
   * Duration option {@code key} from {@code min} to {@code max}, both included, or {@code
   * defaultValue}.
   */
  public Duration durationOption(String key, Duration defaultValue, Duration min, Duration max) {
    return typed(key, defaultValue, v -> Values.duration(key(key), v, min, max));
  }

  /**
   * As {@link #durationOption(String, Duration, Duration, Duration)}, for a default that is no
   * duration a user would recognise (a {@code -1} meaning "the desktop's own"): a value that cannot
   * be used is said with {@code defaultInWords} ({@code "the desktop's default expiry"}) as what is
   * used instead.
   */
  public Duration durationOption(
      String key, Duration defaultValue, Duration min, Duration max, String defaultInWords) {
    return typed(key, defaultValue, defaultInWords, v -> Values.duration(key(key), v, min, max));
  }

  /** Whole-number option {@code key} within {@code [min, max]}, or {@code defaultValue}. */
  public long longOption(String key, long defaultValue, long min, long max) {
    return typed(key, defaultValue, v -> Values.integer(key(key), v, min, max));
  }

  /** Option {@code key}, one of {@code accepted} (case ignored), or {@code defaultValue}. */
  public String choiceOption(String key, String defaultValue, String... accepted) {
    return typed(key, defaultValue, v -> Values.oneOf(key(key), v, accepted));
  }

  /**
   * Option {@code key} read by {@code parse}, or {@code defaultValue}: for a value of the sink's
   * own shape (a list of words, say). When {@code parse} throws an {@link
   * IllegalArgumentException}, its message saying what is accepted, the value is reported as every
   * other option's is (one line naming the key, the value and the message, then {@code
   * defaultValue}, whose {@code toString()} the line shows), or thrown as a {@link ConfigException}
   * where start-up fails fast.
   */
  public <T> T parsedOption(String key, T defaultValue, Function<String, T> parse) {
    return typed(
        key,
        defaultValue,
        v -> {
          try {
            return parse.apply(v);
          } catch (IllegalArgumentException e) {
            throw new ConfigException(key(key), v, String.valueOf(e.getMessage()));
          }
        });
  }

  /** Option {@code key} read by {@code parse}; {@code defaultValue} when unset or unusable. */
  private <T> T typed(String key, T defaultValue, Function<String, T> parse) {
    return typed(
        key,
        defaultValue,
        defaultValue instanceof Duration
            ? Values.format((Duration) defaultValue)
            : String.valueOf(defaultValue),
        parse);
  }

  /** As above; {@code defaultInWords} says what is used when the value cannot be. */
  private <T> T typed(
      String key, T defaultValue, String defaultInWords, Function<String, T> parse) {
    Optional<String> value = option(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return parse.apply(value.get());
    } catch (ConfigException e) {
      if (onBadOption == null) {
        throw e;
      }
      onBadOption.accept(e, "using " + defaultInWords);
      return defaultValue;
    }
  }

  /** The process's standard output as it was when Flowmeter started. */
  public PrintStream out() {
    return out;
  }

  /** The process's standard error as it was when Flowmeter started. */
  public PrintStream err() {
    return err;
  }

  /**
   * Whether standard error ({@link #err()}), where the console draws by default, is an interactive
   * terminal (not a pipe, a file, {@code TERM=dumb} or CI).
   */
  public boolean isTerminal() {
    return terminal;
  }

  /**
   * Whether {@code stream}, which must be {@link #out()} or {@link #err()}, is an interactive
   * terminal; each standard stream is checked on its own, so {@code 2>log.txt} or {@code | cat}
   * changes only the one redirected.
   */
  public boolean isTerminal(PrintStream stream) {
    if (stream == err) {
      return terminal;
    }
    return stream == out && outTerminal;
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
    private @Nullable String kind;
    private @Nullable String argument;
    private Function<String, @Nullable String> lookup;
    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private boolean terminal;
    private @Nullable Boolean outTerminal;
    private Clock clock = Clock.systemUTC();
    private LiveTransfers transfers = LiveTransfers.none();
    private @Nullable BiConsumer<ConfigException, String> onBadOption;
    private final Map<String, String> options = new HashMap<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      this.lookup = options::get;
    }

    /** The provider's name, when the instance has a name of its own; the name by default. */
    public Builder kind(String kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** The argument of the spec, or {@code null}. */
    public Builder argument(@Nullable String argument) {
      this.argument = argument;
      return this;
    }

    /** Sets option {@code key} (short form, for example {@code style}). */
    public Builder option(String key, String value) {
      options.put(ConfigKeys.sinkOption(name, key), value);
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

    /** Whether both standard streams are a terminal (see {@link #terminal(boolean, boolean)}). */
    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      this.outTerminal = null;
      return this;
    }

    /** Whether standard output, and standard error, are an interactive terminal. */
    public Builder terminal(boolean out, boolean err) {
      this.terminal = err;
      this.outTerminal = out;
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

    /**
     * Where an option value a typed getter cannot use goes, with what is used instead ({@code
     * "using 80"}), the getter then returning its default; without it the getter throws.
     */
    public Builder onBadOption(BiConsumer<ConfigException, String> report) {
      this.onBadOption = Objects.requireNonNull(report, "report");
      return this;
    }

    /** The context. */
    public SinkContext build() {
      return new SinkContext(this);
    }
  }
}
