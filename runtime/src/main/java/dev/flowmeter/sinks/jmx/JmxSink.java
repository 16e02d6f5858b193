// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jmx;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.internal.Diagnostics;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * Keeps an MBean per transfer and one for them all in an MBean server; see {@link JmxSinkProvider}.
 *
 * <p>{@link #onEvent} and {@link #flush} run on the sink's thread; the retention's timer thread
 * unregisters beans too, so what is registered ({@code beans}, {@code ended}) is guarded by this
 * object's monitor. The beans themselves are read by JMX threads without a lock.
 */
final class JmxSink implements ProgressSink {
  /*
   * Design notes
   *
   * Names: the transfer's id is the only key property of a transfer's bean, and its name only an
   * attribute, so no transfer name, however hostile, reaches an ObjectName. The sink's instance
   * name (a named instance, ops=jmx) is a key property, quoted when it holds a character an
   * ObjectName value cannot hold as it is.
   *
   * Retention: an ended transfer's bean stays for `retention`, measured on the sink's clock, and
   * is unregistered by the first of the sink's thread (each event and flush sweeps) and a timer
   * (one daemon thread, only while beans wait, so an idle application loses them too).
   *
   * Bound: at `max-beans` registered, a new transfer's bean replaces the bean of the transfer that
   * ended first (its retention cut short); when every bean is of a running transfer, the new
   * one gets none, said once, and counted in the aggregate's UnlistedCount.
   */
  static final String DOMAIN = "dev.flowmeter";

  private final MBeanServer server;
  private final String name; // the sink's instance name, for messages
  private final String keys; // ",sink=..." for a named instance, else ""
  private final LiveTransfers transfers;
  private final Clock clock;
  private final Duration retention;
  private final int maxBeans;
  private final ObjectName aggregateName;
  private final TransfersBean aggregate = new TransfersBean();
  private final Map<Long, ProgressEvent> running = new HashMap<>(); // sink thread only
  private final Map<Long, Registered> beans = new HashMap<>(); // guarded by this
  private final ArrayDeque<Registered> ended = new ArrayDeque<>(); // guarded by this, end order
  private @Nullable ScheduledThreadPoolExecutor timer; // guarded by this
  private boolean sweepScheduled; // guarded by this
  private boolean closed; // guarded by this

  /** A registered bean; {@code endedAt} is set when its transfer ends. */
  private static final class Registered {
    final long id;
    final ObjectName name;
    final TransferBean bean;
    @Nullable Instant endedAt;

    Registered(long id, ObjectName name, TransferBean bean) {
      this.id = id;
      this.name = name;
      this.bean = bean;
    }
  }

  private JmxSink(
      MBeanServer server,
      String name,
      String keys,
      LiveTransfers transfers,
      Clock clock,
      Duration retention,
      int maxBeans)
      throws IOException {
    this.server = server;
    this.name = name;
    this.keys = keys;
    this.transfers = transfers;
    this.clock = clock;
    this.retention = retention;
    this.maxBeans = maxBeans;
    this.aggregateName = objectName(DOMAIN + ":type=Transfers" + keys);
  }

  /**
   * Registers the aggregate bean of sink {@code name} (a named instance when it differs from {@code
   * kind}) in the platform MBean server.
   *
   * @throws IOException when the aggregate's name is registered already (another Flowmeter runtime
   *     in this JVM, or a second unnamed {@code jmx} sink)
   */
  static JmxSink create(
      String name,
      String kind,
      LiveTransfers transfers,
      Clock clock,
      Duration retention,
      int maxBeans)
      throws IOException {
    String keys = name.equals(kind) ? "" : ",sink=" + keyValue(name);
    JmxSink sink =
        new JmxSink(
            ManagementFactory.getPlatformMBeanServer(),
            name,
            keys,
            transfers,
            clock,
            retention,
            maxBeans);
    try {
      sink.server.registerMBean(sink.aggregate, sink.aggregateName);
    } catch (InstanceAlreadyExistsException e) {
      throw new IOException(
          sink.aggregateName
              + " is registered already (another Flowmeter runtime in this JVM?): give this sink a"
              + " name of its own, as in flowmeter.sinks=mine=jmx",
          e);
    } catch (JMException e) {
      throw new IOException("cannot register " + sink.aggregateName + ": " + e.getMessage(), e);
    }
    return sink;
  }

  /** {@code value} as an ObjectName key property's value: quoted when it must be. */
  static String keyValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (",=:\"*?\\\n".indexOf(value.charAt(i)) >= 0) {
        return ObjectName.quote(value);
      }
    }
    return value.isEmpty() ? ObjectName.quote(value) : value;
  }

  private static ObjectName objectName(String text) throws IOException {
    try {
      return new ObjectName(text);
    } catch (JMException e) {
      throw new IOException("not an MBean name: " + text, e);
    }
  }

  /** The name of transfer {@code id}'s bean. */
  ObjectName transferName(long id) throws IOException {
    return objectName(DOMAIN + ":type=Transfer" + keys + ",id=" + id);
  }

  ObjectName aggregateName() {
    return aggregateName;
  }

  @Override
  public void onEvent(ProgressEvent event) {
    long id = event.transferId();
    boolean known = running.containsKey(id);
    if (!known) {
      aggregate.started();
    }
    if (event.isFinal()) {
      running.remove(id);
      aggregate.ended(event.status());
    } else {
      running.put(id, event);
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      Registered registered = beans.get(id);
      if (registered != null) {
        registered.bean.update(event);
      } else if (!known) {
        registered = register(event);
      }
      Instant now = clock.instant();
      if (registered != null && event.isFinal() && registered.endedAt == null) {
        registered.endedAt = now;
        ended.addLast(registered);
        scheduleSweep(now);
      }
      sweep(now);
    }
  }

  /** Sweeps what outlived the retention and sets the aggregate's figures. */
  @Override
  public void flush() {
    int count;
    synchronized (this) {
      if (closed) {
        return;
      }
      sweep(clock.instant());
      count = beans.size();
    }
    aggregate.running(running.values(), count);
  }

  /** A bean for the transfer of {@code first}, or null at the bound or when its name is taken. */
  private @Nullable Registered register(ProgressEvent first) {
    if (beans.size() >= maxBeans) {
      Registered oldest = ended.pollFirst();
      if (oldest == null) {
        aggregate.unlisted();
        Diagnostics.once(
            "jmx max-beans " + name,
            "jmx sink '"
                + name
                + "': "
                + maxBeans
                + " transfer MBeans are registered (flowmeter.sink."
                + name
                + ".max-beans), all of running transfers; later transfers get none until some"
                + " end (the aggregate counts them all)");
        return null;
      }
      unregister(oldest);
    }
    TransferBean bean = new TransferBean(first, transfers);
    try {
      ObjectName beanName = transferName(first.transferId());
      server.registerMBean(bean, beanName);
      Registered registered = new Registered(first.transferId(), beanName, bean);
      beans.put(first.transferId(), registered);
      return registered;
    } catch (IOException | JMException | RuntimeException e) {
      aggregate.unlisted();
      Diagnostics.once(
          "jmx register " + name,
          "jmx sink '"
              + name
              + "': a transfer MBean cannot be registered ("
              + Diagnostics.describe(e)
              + "); transfers whose bean cannot be registered get none",
          e);
      return null;
    }
  }

  private void unregister(Registered registered) {
    beans.remove(registered.id);
    try {
      server.unregisterMBean(registered.name);
    } catch (InstanceNotFoundException e) {
      // unregistered by someone else (a JMX client may): it is gone either way
    } catch (JMException | RuntimeException e) {
      Diagnostics.debug("jmx sink: cannot unregister " + registered.name, e);
    }
  }

  /**
   * Unregisters the beans of transfers that ended {@code retention} or longer before {@code now}.
   */
  private void sweep(Instant now) {
    Registered first;
    while ((first = ended.peekFirst()) != null && expired(first, now)) {
      unregister(ended.removeFirst());
    }
  }

  private boolean expired(Registered registered, Instant now) {
    Instant endedAt = registered.endedAt;
    return endedAt != null && !now.isBefore(endedAt.plus(retention));
  }

  /** Has the timer sweep when the oldest ended bean's retention ends, unless it will already. */
  private void scheduleSweep(Instant now) {
    Registered first = ended.peekFirst();
    if (sweepScheduled || first == null || first.endedAt == null) {
      return;
    }
    long remaining = Duration.between(now, first.endedAt.plus(retention)).toMillis();
    long delay = Math.max(50, Math.min(remaining, Math.max(retention.toMillis(), 50)));
    ScheduledThreadPoolExecutor running = timer;
    if (running == null) {
      running = new ScheduledThreadPoolExecutor(1, this::newThread);
      running.setKeepAliveTime(10, TimeUnit.SECONDS);
      running.allowCoreThreadTimeOut(true); // no thread while no bean waits
      running.setRemoveOnCancelPolicy(true);
      timer = running;
    }
    running.schedule(this::timedSweep, delay, TimeUnit.MILLISECONDS);
    sweepScheduled = true;
  }

  private Thread newThread(Runnable task) {
    Thread thread = new Thread(task, "flowmeter-" + name + "-retention");
    thread.setDaemon(true);
    return thread;
  }

  private synchronized void timedSweep() {
    sweepScheduled = false;
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    sweep(now);
    scheduleSweep(now);
  }

  /** Unregisters every bean, the aggregate's too, and stops the timer. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (Registered registered : new ArrayList<>(beans.values())) {
        unregister(registered);
      }
      ended.clear();
      if (timer != null) {
        timer.shutdownNow();
      }
    }
    try {
      server.unregisterMBean(aggregateName);
    } catch (JMException | RuntimeException e) {
      Diagnostics.debug("jmx sink: cannot unregister " + aggregateName, e);
    }
  }
}
