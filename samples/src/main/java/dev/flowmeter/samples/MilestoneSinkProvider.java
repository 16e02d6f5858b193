// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.samples;

// README: own sink
import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import dev.flowmeter.sink.SinkProvider;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sink of one's own, {@code milestones[:step]}: one line each time a transfer passes another
 * {@code step} percent (default 25), and one when it ends. Registered for {@link
 * java.util.ServiceLoader} in {@code META-INF/services/dev.flowmeter.sink.SinkProvider}, so {@code
 * -Dflowmeter.sinks=milestones:10} finds it like a built-in sink.
 */
public final class MilestoneSinkProvider implements SinkProvider {
  @Override
  public String name() {
    return "milestones";
  }

  @Override
  public String usage() {
    return "milestones[:step percent]";
  }

  /** Its options, so that a misspelled {@code flowmeter.sink.milestones.*} key is warned of. */
  @Override
  public Set<String> options() {
    return Set.of("interval", "prefix");
  }

  @Override
  public ProgressSink create(SinkContext context) {
    String argument = context.argument().orElse("25");
    int step = 0;
    try {
      step = Integer.parseInt(argument.trim());
    } catch (NumberFormatException e) {
      // reported below
    }
    if (step < 1 || step > 100) {
      throw new ConfigException(
          "flowmeter.sinks",
          "milestones:" + argument,
          "needs a step from 1 to 100 (accepted: " + usage() + ")");
    }
    String prefix = context.option("prefix", "progress");
    return new MilestoneSink(context.out(), step, prefix);
  }

  /** Called by one Flowmeter thread at a time, so it needs no locking of its own. */
  static final class MilestoneSink implements ProgressSink {
    private final PrintStream out;
    private final int step;
    private final String prefix;
    private final Map<Long, Integer> reached = new HashMap<>();

    MilestoneSink(PrintStream out, int step, String prefix) {
      this.out = out;
      this.step = step;
      this.prefix = prefix;
    }

    @Override
    public void onEvent(ProgressEvent event) {
      if (event.isFinal()) {
        reached.remove(event.transferId());
        out.printf(Locale.ROOT, "%s: %s %s%n", prefix, event.name(), event.status());
      } else if (event.isTotalKnown()) {
        int milestone = (int) (event.percentage() / step) * step;
        Integer before = reached.put(event.transferId(), milestone);
        if (milestone > 0 && (before == null || milestone > before)) {
          out.printf(Locale.ROOT, "%s: %s %d%%%n", prefix, event.name(), milestone);
        }
      }
    }

    @Override
    public void flush() {
      out.flush();
    }
  }
}
// README: end
