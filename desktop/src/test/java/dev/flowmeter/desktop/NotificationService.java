// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.desktop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * A desktop notification server for tests: owns {@code org.freedesktop.Notifications} on a bus,
 * exports the object a real server exports, and records every {@code Notify} call it receives.
 */
final class NotificationService implements Notifications, AutoCloseable {
  /** One {@code Notify} call, as it came over the bus. */
  record Call(
      String appName,
      long replacesId,
      String appIcon,
      String summary,
      String body,
      Map<String, Variant<?>> hints,
      int expireTimeout,
      long id) {
    /** The {@code urgency} hint, or -1. */
    int urgency() {
      Variant<?> v = hints.get("urgency");
      return v == null ? -1 : ((Number) v.getValue()).intValue();
    }
  }

  private final DBusConnection connection;
  private final List<String> capabilities;
  private final List<Call> calls = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private boolean hanging;

  private NotificationService(DBusConnection connection, List<String> capabilities) {
    this.connection = connection;
    this.capabilities = capabilities;
  }

  /** Starts a service on {@code bus} whose {@code GetCapabilities} answers {@code capabilities}. */
  static NotificationService start(SessionBus bus, String... capabilities) throws DBusException {
    DBusConnection connection =
        DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
    NotificationService service = new NotificationService(connection, List.of(capabilities));
    connection.exportObject(OBJECT_PATH, service);
    connection.requestBusName(BUS_NAME);
    return service;
  }

  @Override
  public synchronized UInt32 showNotification(
      String appName,
      UInt32 replacesId,
      String appIcon,
      String summary,
      String body,
      List<String> actions,
      Map<String, Variant<?>> hints,
      Integer expireTimeout) {
    long id = ids.incrementAndGet();
    calls.add(
        new Call(
            appName,
            replacesId.longValue(),
            appIcon,
            summary,
            body,
            Map.copyOf(hints),
            expireTimeout,
            id));
    notifyAll();
    while (hanging) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new UInt32(id);
  }

  /** Answers again, the calls waiting included. */
  synchronized void answer() {
    hanging = false;
    notifyAll();
  }

  /** From now on, {@code Notify} is received and never answered (until {@link #close}). */
  synchronized void hang() {
    hanging = true;
  }

  @Override
  public List<String> capabilities() {
    return capabilities;
  }

  @Override
  public String getObjectPath() {
    return OBJECT_PATH;
  }

  /** The calls received so far. */
  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Waits until {@code count} calls came, at most {@code timeout}; returns the calls so far. */
  synchronized List<Call> await(int count, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (calls.size() < count) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(calls);
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      hanging = false;
      notifyAll();
    }
    connection.close();
  }
}
