// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.internal;

import dev.flowmeter.Direction;
import dev.flowmeter.Flowmeter;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.ProgressListener;
import dev.flowmeter.TransferBuilder;
import dev.flowmeter.Unit;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import java.lang.ref.Cleaner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The one runtime tracker of a JVM: it registers transfers, samples them on the reporter thread,
 * hands their events to the sink dispatchers, keeps finished ones for a while, and ends them all at
 * JVM shutdown.
 */
public final class Tracker {
  /*
   * Design notes
   *
   * Threads: one reporter thread (daemon, started with the first transfer) samples every running
   * transfer each flowmeter.interval; each sink and each global listener has a dispatcher thread
   * (daemon); one Cleaner thread notices wrapped streams dropped without close(). The application
   * threads only add to counters and, at start and end of a transfer, queue a lifecycle event.
   *
   * Memory: running transfers live in `active` until they end; finished ones move to `finished`
   * for flowmeter.retention, and at most flowmeter.retention-count of them are kept, so memory
   * does not grow with the number of finished transfers. A stream dropped without close() is
   * cancelled by the Cleaner, so a forgotten close does not leak either.
   */
  private static final Object globalLock = new Object();
  // Classes, not lambdas or method references, on the path that makes the tracker and starts its
  // threads: the first call of each lambda costs a cold JVM a class made at run time, and the agent
  // makes the tracker at start-up.
  private static final LongSupplier SYSTEM_NANOS =
      new LongSupplier() {
        @Override
        public long getAsLong() {
          return System.nanoTime();
        }
      };

  private static volatile @Nullable Tracker global;

  /** The tracker {@link #createGlobal} is making, guarded by {@code globalLock}. */
  private static @Nullable Tracker building;

  private static final Cleaner cleaner = Cleaner.create();

  private volatile Settings settings; // replaced only by configureGlobal
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final boolean background;
  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<Long, TransferImpl> active = new ConcurrentHashMap<>();
  private final LinkedHashMap<Long, TransferImpl> finished = new LinkedHashMap<>();
  private final List<SinkDispatcher> sinks = new CopyOnWriteArrayList<>();
  private final AtomicInteger joins = new AtomicInteger(); // sinks and listeners added; joins()
  private final ConfiguredSinks configured = new ConfiguredSinks();
  private final Map<ProgressListener, SinkDispatcher> listeners = new ConcurrentHashMap<>();
  private final SinkDispatcher transferListeners;
  private final Object reporterLock = new Object();
  private @Nullable Thread reporter;
  private volatile boolean shutDown;
  private final Object historyLock = new Object();
  private @Nullable Config historyConfig; // guarded by historyLock, as the two below
  private @Nullable History history;
  private boolean historyRead;

  /**
   * A tracker. With {@code background} false no reporter thread runs and {@link #sample()} is
   * called by hand (tests with a manual clock).
   */
  public Tracker(Settings settings, LongSupplier nanoTime, Clock clock, boolean background) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.clock = clock;
    this.background = background;
    this.transferListeners =
        new SinkDispatcher(
            "transfer-listeners",
            new TransferListenerSink(),
            0,
            Integer.MAX_VALUE,
            settings.stallTimeout.toNanos(),
            settings.sinkBacklog);
  }

  /**
   * Makes the builders of {@link #builder()}: {@link TransferBuilder}'s constructor, which only its
   * own package may call, handed over by its static initializer.
   */
  private static volatile @Nullable BiFunction<Tracker, String, TransferBuilder> builders;

  /** Called once, by {@link TransferBuilder}'s static initializer. */
  public static void builders(BiFunction<Tracker, String, TransferBuilder> factory) {
    if (builders == null) {
      builders = factory;
    }
  }

  /** A builder of transfers reported to this tracker, made by the public API ({@code api}). */
  public TransferBuilder builder() {
    return builder(Sources.API);
  }

  /**
   * A builder of transfers reported to this tracker, made by the path {@code source} (one of {@link
   * Sources}' words): for the agent's bridges and the external tools, which use the public builder
   * but are not the public API.
   */
  public TransferBuilder builder(String source) {
    BiFunction<Tracker, String, TransferBuilder> factory = builders;
    if (factory == null) {
      try { // runs TransferBuilder's static initializer, which sets the factory
        Class.forName(
            TransferBuilder.class.getName(), true, TransferBuilder.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new LinkageError("TransferBuilder cannot be loaded", e);
      }
      factory = Objects.requireNonNull(builders, "builders");
    }
    return factory.apply(this, source);
  }

  /**
   * The tracker of this JVM, created on first use from the system configuration. Never throws and
   * never waits on a file: the configuration's problems are said once on standard error, and what
   * is valid in it is used.
   */
  public static Tracker global() {
    Tracker tracker = global;
    return tracker != null ? tracker : createGlobal(Config.Problems.reported());
  }

  /**
   * Creates the tracker of this JVM unless it exists, handing the configuration's problems to
   * {@code problems}; returns the tracker.
   *
   * <p>Re-entrance: a sink provider that calls {@code Flowmeter} in its {@code create} runs on this
   * thread, which holds {@code globalLock}; it is given the tracker being created, which has no
   * sink yet, instead of starting to create a second one (and so on until the stack overflows).
   */
  public static Tracker createGlobal(Config.Problems problems) {
    synchronized (globalLock) {
      Tracker existing = global != null ? global : building;
      return existing != null ? existing : create(null, problems);
    }
  }

  /**
   * Applies {@code config} to the tracker of this JVM, creating it if need be: its settings, and
   * its sinks made to match {@code flowmeter.sinks} ({@link ConfiguredSinks#apply}); what cannot be
   * used goes to the configuration's problems. For {@link Flowmeter#configure()}.
   */
  public static Tracker configureGlobal(Config config) {
    synchronized (globalLock) {
      if (building != null) {
        return building; // a provider's create calling configure(): the tracker is being made
      }
      Tracker existing = global;
      if (existing == null) {
        return create(config, null);
      }
      building = existing;
      try {
        existing.settings = Settings.from(config);
        existing.historyFrom(config);
        existing.startSinks(config);
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.once("tracker", "cannot start its sinks (" + Diagnostics.describe(e) + ")", e);
      } finally {
        building = null;
      }
      return existing;
    }
  }

  /**
   * Creates the tracker of this JVM from {@code given}, or when null from the system configuration
   * with its {@code problems}; the caller holds {@code globalLock}.
   */
  private static Tracker create(@Nullable Config given, Config.@Nullable Problems problems) {
    Tracker created = null;
    try {
      Config config =
          given != null ? given : Config.fromSystem(Objects.requireNonNull(problems, "problems"));
      created = new Tracker(Settings.from(config), SYSTEM_NANOS, Clock.systemUTC(), true);
      created.historyFrom(config);
      building = created;
      created.startSinks(config);
    } catch (RuntimeException | LinkageError e) {
      // a bug of Flowmeter's own: the application's I/O goes on, with the sinks made so far
      Diagnostics.once("tracker", "cannot start its sinks (" + Diagnostics.describe(e) + ")", e);
      if (created == null) {
        created = new Tracker(Settings.defaults(), SYSTEM_NANOS, Clock.systemUTC(), true);
      }
    } finally {
      building = null;
    }
    created.installShutdownHook();
    global = created;
    return created;
  }

  /**
   * Creates the sinks of {@code config} that can be created and warns about its unknown keys; what
   * cannot be used goes to the configuration's problems. Called before the first transfer, and by
   * each {@link Flowmeter#configure()}, which keeps the sinks that did not change.
   */
  public void startSinks(Config config) {
    configured.apply(this, config);
  }

  // ---------------------------------------------------------------- transfers

  /**
   * Creates a transfer, made by the path {@code source} (one of {@link Sources}' words), its bytes
   * moving in {@code direction}; both are fixed from here on. Its parent is {@code parentGiven}, or
   * when null the stage the thread runs in ({@link Scope#parentFor()}). Its attributes are its
   * parent's, then those of the thread's scope ({@link Flowmeter#withAttributes}), then its own, a
   * later one replacing an earlier one of the same key; bounded by {@link Text#boundedAttributes}.
   */
  public TransferImpl create(
      @Nullable TransferImpl parentGiven,
      String operation,
      String name,
      Unit unit,
      long totalBytes,
      Map<String, String> attributes,
      List<ProgressListener> transferListeners,
      double weight,
      String source,
      Direction direction) {
    // without a parent of its own, a transfer started inside a stage is the stage's child
    TransferImpl parent = parentGiven != null ? parentGiven : Scope.parentFor();
    String boundedName = Text.boundedName(name);
    TransferImpl transfer =
        new TransferImpl(
            this,
            ids.incrementAndGet(),
            parent,
            Text.boundedName(operation),
            boundedName,
            unit,
            totalBytes,
            Text.boundedAttributes( // names, keys and values alike: no argument floods a sink
                Scope.attributesFor(parent == null ? Map.of() : parent.attributes(), attributes),
                boundedName),
            transferListeners,
            weight,
            source,
            direction);
    active.put(transfer.id(), transfer);
    if (parent != null) {
      parent.adopt(transfer); // after registering: a cancelled parent cancels it at once
    }
    return transfer;
  }

  /**
   * Cancels the transfer when {@code owner} (a wrapped stream) becomes unreachable before the
   * transfer ended: a stream dropped without {@code close()} neither leaks nor runs for ever.
   */
  public void cancelWhenUnreachable(Object owner, TransferImpl transfer) {
    cleaner.register(
        owner,
        () ->
            transfer.cancel(
                "abandoned: the stream was garbage-collected without close()",
                false)); // nothing can read it any more: no need to stop the I/O
  }

  void started(TransferImpl transfer, ProgressEvent event) {
    emit(transfer, event);
    if (background) {
      ensureReporter();
    }
  }

  /**
   * Offers one event of {@code transfer} to every sink and listener. The caller holds the
   * transfer's monitor (see TransferImpl), which keeps each transfer's events in order.
   */
  void emit(TransferImpl transfer, ProgressEvent event) {
    transfer.progressCell().lifecycles++; // every event emitted is a lifecycle event
    offerToAll(transfer, event, true);
  }

  /**
   * Offers {@code event} to every sink and listener; {@code wake}: waking each (a snapshot pushed
   * by the reporter's pass, which wakes them after it, does not).
   */
  private void offerToAll(TransferImpl transfer, ProgressEvent event, boolean wake) {
    for (SinkDispatcher sink : sinks) {
      sink.offer(transfer, event, wake);
    }
    for (SinkDispatcher listener : listeners.values()) {
      listener.offer(transfer, event, wake);
    }
    if (!transfer.listeners().isEmpty()) {
      transferListeners.offer(transfer, event, wake);
    }
  }

  void finished(TransferImpl transfer, ProgressEvent event) {
    emit(transfer, event);
    active.remove(transfer.id());
    synchronized (finished) {
      finished.put(transfer.id(), transfer);
      evict(nanoTime());
    }
  }

  /** Samples every running transfer once and evicts expired finished ones. */
  public void sample() {
    long now = nanoTime();
    long heartbeat = settings.heartbeat.toNanos();
    Instant time = now(); // the wall clock, read once for the pass
    boolean any = false;
    int joined = joins.get();
    for (TransferImpl transfer : active.values()) {
      synchronized (transfer) {
        ProgressCell cell = transfer.progressCell();
        ProgressEvent event = transfer.sample(now, time, heartbeat);
        if (event == null && (cell.joinsSeen != joined || cell.listenerJoined)) {
          event = transfer.sampleForJoiners(now, time); // still, yet those who joined need it
        }
        if (event != null) {
          // written where every dispatcher pulls it from (see SinkDispatcher's design notes)
          cell.latest = new ProgressCell.Sample(event, cell.lifecycles);
          if (cell.joinsSeen != joined) {
            cell.joinsSeen = joined; // a sink or listener joined since: it needs it in hand
            cell.listenerJoined = false;
            offerToAll(transfer, event, false); // pushed, for those that joined
          } else if (cell.listenerJoined) {
            cell.listenerJoined = false;
            transferListeners.offer(transfer, event, false);
          }
          any = true;
        }
      }
    }
    if (any) {
      for (SinkDispatcher dispatcher : dispatchers()) {
        dispatcher.progressOffered(); // one wake for the pass, not one per snapshot
      }
    }
    synchronized (finished) {
      evict(now);
    }
    long wall = System.nanoTime();
    TransferImpl.settleCancels(wall);
    // a sink or listener that blocks for good is cut off, so its backlog stops growing
    for (SinkDispatcher sink : sinks) {
      sink.checkStalled(wall);
    }
    for (SinkDispatcher listener : listeners.values()) {
      listener.checkStalled(wall);
    }
    transferListeners.checkStalled(wall);
  }

  private void evict(long now) {
    long retention = settings.retention.toNanos();
    Iterator<TransferImpl> it = finished.values().iterator();
    int excess = finished.size() - settings.retentionCount;
    while (it.hasNext()) {
      TransferImpl transfer = it.next();
      if (excess > 0 || now - transfer.endNanos() > retention) {
        it.remove();
        excess--;
      } else {
        break; // insertion order is end order: the rest are younger
      }
    }
  }

  @Nullable TransferImpl find(long id) {
    TransferImpl transfer = active.get(id);
    if (transfer != null) {
      return transfer;
    }
    synchronized (finished) {
      return finished.get(id);
    }
  }

  public List<ProgressEvent> snapshots() {
    List<TransferImpl> all = new ArrayList<>(active.values());
    synchronized (finished) {
      all.addAll(finished.values());
    }
    all.sort(Comparator.comparingLong(TransferImpl::id));
    List<ProgressEvent> events = new ArrayList<>(all.size());
    for (TransferImpl transfer : all) {
      events.add(transfer.snapshot());
    }
    return events;
  }

  /** The sinks' view of this tracker: never {@link #global()}, so usable while it is created. */
  LiveTransfers view() {
    return new LiveTransfers() {
      @Override
      public List<ProgressEvent> all() {
        return snapshots();
      }

      @Override
      public Optional<ProgressEvent> find(long id) {
        TransferImpl transfer = Tracker.this.find(id);
        return transfer == null ? Optional.empty() : Optional.of(transfer.snapshot());
      }

      @Override
      public boolean cancel(long id, String reason) {
        TransferImpl transfer = Tracker.this.find(id);
        return transfer != null && transfer.cancel(Objects.requireNonNull(reason, "reason"));
      }
    };
  }

  public int activeCount() {
    return active.size();
  }

  public int finishedCount() {
    synchronized (finished) {
      return finished.size();
    }
  }

  // ---------------------------------------------------------------- sinks and listeners

  public void addSink(SinkDispatcher sink) {
    sinks.add(sink);
    joins.incrementAndGet();
  }

  /**
   * How many sinks and global listeners were added so far: a transfer sampled under an older count
   * has its snapshot pushed to every dispatcher once, so that those added since have it in hand.
   */
  int joins() {
    return joins.get();
  }

  /**
   * Adds {@code sink}, delivered on a thread of its own with progress at most once per {@code
   * interval}, under this tracker's failure and stall rules; false when it is added already.
   */
  public synchronized boolean addSink(String name, ProgressSink sink, Duration interval) {
    if (hasSink(sink)) {
      return false;
    }
    addSink(
        new SinkDispatcher(
            name,
            sink,
            interval.toNanos(),
            settings.sinkFailures,
            settings.stallTimeout.toNanos(),
            settings.sinkBacklog));
    return true;
  }

  /** Whether {@code sink} is one of this tracker's sinks already. */
  public boolean hasSink(ProgressSink sink) {
    for (SinkDispatcher dispatcher : sinks) {
      if (dispatcher.sink() == sink) {
        return true;
      }
    }
    return false;
  }

  public List<SinkDispatcher> sinks() {
    return sinks;
  }

  /**
   * Stops the dispatcher of {@code sink} (added with {@link #addSink}): what is queued is
   * delivered, the sink flushed and closed, within {@code flowmeter.shutdown-timeout}. Returns
   * whether it was there.
   */
  public boolean removeSink(ProgressSink sink) {
    for (SinkDispatcher dispatcher : sinks) {
      if (dispatcher.sink() == sink && sinks.remove(dispatcher)) {
        dispatcher.requestStop();
        dispatcher.awaitStopped(System.nanoTime() + settings.shutdownTimeout.toNanos());
        return true;
      }
    }
    return false;
  }

  public void addListener(ProgressListener listener) {
    boolean[] added = {false};
    listeners.computeIfAbsent(
        listener,
        l -> {
          added[0] = true;
          return new SinkDispatcher(
              "listener " + UserCode.text(l),
              new ListenerTarget(l),
              0,
              Integer.MAX_VALUE,
              settings.stallTimeout.toNanos(),
              settings.sinkBacklog);
        });
    if (added[0]) {
      // counted once it is in the map, as addSink counts a sink once it is in the list: a pass
      // that reads the new count must find it there, or it would never push it the running ones
      joins.incrementAndGet();
    }
  }

  public boolean removeListener(ProgressListener listener) {
    SinkDispatcher dispatcher = listeners.remove(listener);
    if (dispatcher == null) {
      return false;
    }
    dispatcher.requestStop();
    return true;
  }

  /**
   * Waits until every event so far reached every sink and listener, flushed; see {@link
   * Flowmeter#flush}.
   */
  public boolean flush(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    if (background) {
      sample();
    }
    boolean all = true;
    for (SinkDispatcher sink : dispatchers()) {
      all &= sink.awaitFlushed(deadline);
    }
    return all;
  }

  /** Every dispatcher: the sinks', the global listeners' and that of single transfers'. */
  List<SinkDispatcher> dispatchers() {
    List<SinkDispatcher> all = new ArrayList<>(sinks);
    all.addAll(listeners.values());
    all.add(transferListeners);
    return all;
  }

  // ---------------------------------------------------------------- history of operations

  /**
   * The history operations learn their stages' durations from ({@code flowmeter.history}), read at
   * the first call rather than at start-up; {@code null} for none ({@code none}, or a tracker not
   * made from a configuration and not given one by {@link #history(History)}).
   */
  public @Nullable History history() {
    synchronized (historyLock) {
      if (!historyRead) {
        historyRead = true;
        Config config = historyConfig;
        history = config == null ? null : History.path(config).map(History::load).orElse(null);
      }
      return history;
    }
  }

  /** Makes {@code history} the one this tracker's operations use ({@code null} for none). */
  public void history(@Nullable History history) {
    synchronized (historyLock) {
      this.history = history;
      this.historyRead = true;
    }
  }

  /** Reads the history from {@code config}'s {@code flowmeter.history} when first asked. */
  void historyFrom(Config config) {
    synchronized (historyLock) {
      historyConfig = config;
      history = null;
      historyRead = false;
    }
  }

  // ---------------------------------------------------------------- time

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  Instant now() {
    return clock.instant();
  }

  double smoothing() {
    return settings.smoothing;
  }

  public Settings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- reporter and shutdown

  private void ensureReporter() {
    if (reporter != null) {
      return;
    }
    synchronized (reporterLock) {
      if (reporter == null && !shutDown) {
        Thread thread =
            new Thread("flowmeter-reporter") {
              @Override
              public void run() {
                report();
              }
            };
        thread.setDaemon(true);
        thread.start();
        reporter = thread;
      }
    }
  }

  private void report() {
    while (!shutDown) {
      LockSupport.parkNanos(this, settings.interval.toNanos());
      try {
        sample();
      } catch (Throwable t) {
        // fail-open: a bug here must not stop the reporter or reach the application
        System.getLogger("dev.flowmeter")
            .log(System.Logger.Level.WARNING, "Flowmeter reporter failed to sample", t);
      }
    }
  }

  private void installShutdownHook() {
    try {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread("flowmeter-shutdown") {
                @Override
                public void run() {
                  shutdown();
                }
              });
    } catch (IllegalStateException | SecurityException e) {
      // already shutting down, or not allowed: nothing to flush at exit then
    }
  }

  /**
   * Ends every running transfer as cancelled ("JVM shutting down"), delivers every queued event,
   * flushes and closes every sink, waiting at most {@code flowmeter.shutdown-timeout}.
   */
  public void shutdown() {
    if (shutDown) {
      return;
    }
    shutDown = true;
    try {
      for (TransferImpl transfer : new ArrayList<>(active.values())) {
        transfer.cancel("JVM shutting down");
      }
      long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
      List<SinkDispatcher> all = dispatchers();
      for (SinkDispatcher sink : all) {
        sink.requestStop();
      }
      for (SinkDispatcher sink : all) {
        int waiting = sink.pending();
        // a sink cut off meanwhile (a stall) has said what it missed already
        if (!sink.awaitStopped(deadline) && waiting > 0 && !sink.isOff()) {
          Diagnostics.once(
              "shutdown:" + sink.name(),
              "sink '"
                  + sink.name()
                  + "' had events of up to "
                  + waiting
                  + " transfer(s) left to write when flowmeter.shutdown-timeout ("
                  + settings.shutdownTimeout.toMillis()
                  + " ms) ran out at exit");
        }
        sink.sayMissed();
      }
    } catch (Throwable t) {
      // fail-open: the exit of the application is not ours to change
    }
  }

  boolean isShutDown() {
    return shutDown;
  }

  /** Settings the tracker reads once. */
  public static final class Settings {
    final Duration interval;
    final Duration heartbeat;
    final double smoothing;
    final Duration retention;
    final int retentionCount;
    final Duration shutdownTimeout;
    public final int sinkFailures;
    public final Duration stallTimeout;

    /** The most transfers a sink or listener may fall behind ({@code flowmeter.sink-backlog}). */
    public final int sinkBacklog;

    public Settings(
        Duration interval,
        double smoothing,
        Duration retention,
        int retentionCount,
        Duration shutdownTimeout,
        int sinkFailures) {
      this(
          interval,
          smoothing,
          retention,
          retentionCount,
          shutdownTimeout,
          sinkFailures,
          Duration.ofSeconds(60));
    }

    public Settings(
        Duration interval,
        double smoothing,
        Duration retention,
        int retentionCount,
        Duration shutdownTimeout,
        int sinkFailures,
        Duration stallTimeout) {
      this(
          interval,
          smoothing,
          retention,
          retentionCount,
          shutdownTimeout,
          sinkFailures,
          stallTimeout,
          defaultSinkBacklog());
    }

    public Settings(
        Duration interval,
        double smoothing,
        Duration retention,
        int retentionCount,
        Duration shutdownTimeout,
        int sinkFailures,
        Duration stallTimeout,
        int sinkBacklog) {
      this.interval = interval.isZero() ? Duration.ofMillis(1) : interval;
      this.heartbeat = Duration.ofSeconds(1);
      this.smoothing = smoothing;
      this.retention = retention;
      this.retentionCount = retentionCount;
      this.shutdownTimeout = shutdownTimeout;
      this.sinkFailures = sinkFailures;
      this.stallTimeout = stallTimeout;
      this.sinkBacklog = sinkBacklog;
    }

    /**
     * The default of {@code flowmeter.sink-backlog}: one transfer per KiB of the maximum heap above
     * its first 32 MiB (229,376 at {@code -Xmx256m}, which holds a burst of 200,000 whole; 32,768
     * at {@code -Xmx64m}), from {@link ConfigKeys#MIN_SINK_BACKLOG} to 10,000,000. A waiting
     * transfer costs about 350 bytes plus its name and attributes (its events, shared by the sinks
     * that wait for it, and a slot in each: DeliveryLoad hold), so one sink this far behind holds
     * at most about a third of the heap above those 32 MiB, which are left to the application.
     */
    public static int defaultSinkBacklog() {
      long above = Runtime.getRuntime().maxMemory() - 32L * 1024 * 1024;
      return (int) Math.max(ConfigKeys.MIN_SINK_BACKLOG, Math.min(above / 1024, 10_000_000));
    }

    public static Settings defaults() {
      return new Settings(
          Duration.ofMillis(100), 0.5, Duration.ofHours(24), 1000, Duration.ofSeconds(2), 5);
    }

    /**
     * The settings of {@code config}; a value that is malformed or out of its range is reported and
     * its default used.
     */
    public static Settings from(Config config) {
      // 100 ms on a terminal or not: the console's plain lines come at each 10 % step only if
      // snapshots come that often (1 s made a 3 s transfer print 33/66/99 %)
      return new Settings(
          config.duration(
              ConfigKeys.INTERVAL,
              Duration.ofMillis(100),
              ConfigKeys.MIN_INTERVAL,
              ConfigKeys.MAX_INTERVAL),
          config.decimal(ConfigKeys.SMOOTHING, 0.5, 0, 1),
          config.duration(
              ConfigKeys.RETENTION, Duration.ofHours(24), Duration.ZERO, Duration.ofDays(365)),
          (int) config.integer(ConfigKeys.RETENTION_COUNT, 1000, 0, 10_000_000),
          config.duration(
              ConfigKeys.SHUTDOWN_TIMEOUT,
              Duration.ofSeconds(2),
              Duration.ZERO,
              Duration.ofMinutes(1)),
          (int) config.integer(ConfigKeys.SINK_FAILURES, 5, 1, 1_000_000),
          config.duration(
              ConfigKeys.SINK_STALL_TIMEOUT,
              Duration.ofSeconds(60),
              Duration.ofSeconds(1),
              Duration.ofDays(1)),
          (int)
              config.integer(
                  ConfigKeys.SINK_BACKLOG,
                  defaultSinkBacklog(),
                  ConfigKeys.MIN_SINK_BACKLOG,
                  ConfigKeys.MAX_SINK_BACKLOG));
    }
  }

  /** Delivers events to one global listener. */
  private static final class ListenerTarget implements DeliveryTarget {
    private final ProgressListener listener;

    ListenerTarget(ProgressListener listener) {
      this.listener = listener;
    }

    @Override
    public void deliver(ProgressEvent event, List<ProgressListener> listeners) {
      listener.onEvent(event);
    }
  }
}
