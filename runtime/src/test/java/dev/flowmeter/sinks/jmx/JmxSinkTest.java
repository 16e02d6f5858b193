// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks.jmx;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flowmeter.ConfigException;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.internal.CapturedDiagnostics;
import dev.flowmeter.internal.Config;
import dev.flowmeter.internal.ManualTime;
import dev.flowmeter.internal.Tracker;
import dev.flowmeter.sink.LiveTransfers;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code jmx} sink, read through the platform MBean server as a JMX client reads it. */
final class JmxSinkTest {
  private static final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private static final List<String> HOSTILE =
      List.of(
          "it's \"quoted\"",
          "*",
          "?",
          "a,b=c:d",
          "line\nbreak\r\n",
          "dev.flowmeter:type=Transfers",
          "\u001b[2J<img src=x onerror=alert(1)>\u0000",
          "lone \ud800 surrogate",
          "x".repeat(10_000));

  @RegisterExtension final CapturedDiagnostics said = new CapturedDiagnostics();

  private final ManualTime time = new ManualTime();
  private final List<ProgressSink> sinks = new ArrayList<>();
  private Tracker tracker;

  @AfterEach
  void close() throws Exception {
    for (ProgressSink sink : sinks) {
      sink.close();
    }
    if (tracker != null) {
      tracker.shutdown();
    }
    assertThat(server.queryNames(new ObjectName("dev.flowmeter:*"), null)).isEmpty();
  }

  private JmxSink sink(String name, String... options) throws IOException {
    SinkContext.Builder context =
        SinkContext.builder(name).kind("jmx").clock(time.clock()).transfers(LiveTransfers.none());
    for (int i = 0; i < options.length; i += 2) {
      context.option(options[i], options[i + 1]);
    }
    JmxSink sink = (JmxSink) new JmxSinkProvider().create(context.build());
    sinks.add(sink);
    return sink;
  }

  private static Object attribute(ObjectName name, String attribute) throws Exception {
    return server.getAttribute(name, attribute);
  }

  private static ObjectName transfer(long id) {
    try {
      return new ObjectName("dev.flowmeter:type=Transfer,id=" + id);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void transferBean_registeredAtTheStart_followsTheEvents() throws Exception {
    JmxSink sink = sink("jmx");
    sink.onEvent(event(1, "video.mp4", Status.STARTING, true, 0, 4000, 0).build());
    ObjectName name = transfer(1);
    assertThat(server.isRegistered(name)).isTrue();
    assertThat(attribute(name, "Id")).isEqualTo(1L);
    assertThat(attribute(name, "Name")).isEqualTo("video.mp4");
    assertThat(attribute(name, "Operation")).isEqualTo("upload");
    assertThat(attribute(name, "Status")).isEqualTo("starting");
    assertThat(attribute(name, "Bytes")).isEqualTo(0L);
    assertThat(attribute(name, "EtaSeconds")).isEqualTo(-1.0);

    sink.onEvent(
        event(1, "video.mp4", Status.IN_PROGRESS, false, 1500, 4000, 1)
            .speed(500)
            .eta(Duration.ofSeconds(5))
            .build());
    assertThat(attribute(name, "Bytes")).isEqualTo(1500L);
    assertThat(attribute(name, "TotalBytes")).isEqualTo(4000L);
    assertThat(attribute(name, "Percentage")).isEqualTo(37.5);
    assertThat(attribute(name, "SpeedBytesPerSecond")).isEqualTo(500.0);
    assertThat(attribute(name, "EtaSeconds")).isEqualTo(5.0);
    assertThat(attribute(name, "Status")).isEqualTo("in_progress");
    assertThat(attribute(name, "Unit")).isEqualTo("bytes");
    assertThat(attribute(name, "StartTime")).isEqualTo("2024-05-01T12:00:00Z");

    sink.onEvent(
        event(1, "video.mp4", Status.FAILED, true, 2000, 4000, 2).error("disk full").build());
    assertThat(attribute(name, "Status")).isEqualTo("failed");
    assertThat(attribute(name, "Error")).isEqualTo("disk full");
    assertThat(attribute(name, "Bytes")).isEqualTo(2000L);

    // what a JMX client's typed proxy sees
    TransferMXBean proxy = JMX.newMXBeanProxy(server, name, TransferMXBean.class);
    assertThat(proxy.getName()).isEqualTo("video.mp4");
    assertThat(proxy.getPercentage()).isEqualTo(50.0);
  }

  @Test
  void unknownTotal_readsMinusOne_neverAGuess() throws Exception {
    JmxSink sink = sink("jmx");
    sink.onEvent(event(2, "stream", Status.IN_PROGRESS, false, 300, -1, 1).build());
    assertThat(attribute(transfer(2), "TotalBytes")).isEqualTo(-1L);
    assertThat(attribute(transfer(2), "Percentage")).isEqualTo(-1.0);
  }

  @Test
  void cancel_throughTheMBeanServer_makesTheWrappedStreamThrow() throws Exception {
    tracker = time.tracker();
    tracker.startSinks(Config.load(Map.of("flowmeter.sinks", "jmx"), Map.of()));
    InputStream in =
        tracker
            .builder()
            .operation("download")
            .name("big.iso")
            .totalBytes(1000)
            .wrap(new ByteArrayInputStream(new byte[1000]));
    assertThat(in.readNBytes(100)).hasSize(100);
    long id = tracker.snapshots().get(0).transferId();
    ObjectName name = transfer(id);
    await("the bean of " + name, () -> server.isRegistered(name));

    assertThat(server.invoke(name, "cancel", null, null)).isEqualTo(true);

    Throwable thrown = catchThrowable(() -> in.read(new byte[100]));
    assertThat(thrown)
        .isInstanceOf(InterruptedIOException.class)
        .hasMessageContaining(TransferBean.CANCEL_REASON);
    await("the cancel shown", () -> "cancelled".equals(attributeOrNull(name, "Status")));
    assertThat(attribute(name, "Error")).isEqualTo(TransferBean.CANCEL_REASON);
    assertThat(server.invoke(name, "cancel", null, null)).isEqualTo(false);
  }

  @Test
  void hostileNames_registerAndReadBackExactly() throws Exception {
    JmxSink sink = sink("jmx");
    for (int i = 0; i < HOSTILE.size(); i++) {
      sink.onEvent(event(100 + i, HOSTILE.get(i), Status.STARTING, true, 0, 10, 0).build());
    }
    for (int i = 0; i < HOSTILE.size(); i++) {
      assertThat(attribute(transfer(100 + i), "Name")).isEqualTo(HOSTILE.get(i));
    }
    assertThat(server.queryNames(new ObjectName("dev.flowmeter:type=Transfer,*"), null))
        .hasSize(HOSTILE.size());
  }

  @Test
  void namedInstances_runSideBySide_evenWithCharactersAnObjectNameMustQuote() throws Exception {
    JmxSink plain = sink("jmx", "retention", "1m");
    JmxSink ops = sink("ops", "retention", "10m");
    JmxSink odd = sink("a*b?\"c\\");
    for (JmxSink sink : List.of(plain, ops, odd)) {
      sink.onEvent(event(5, "shared.bin", Status.STARTING, true, 0, 10, 0).build());
      sink.onEvent(event(5, "shared.bin", Status.COMPLETED, true, 10, 10, 1).build());
    }
    ObjectName opsBean = new ObjectName("dev.flowmeter:type=Transfer,sink=ops,id=5");
    ObjectName oddAggregate =
        new ObjectName("dev.flowmeter:type=Transfers,sink=" + ObjectName.quote("a*b?\"c\\"));
    assertThat(attribute(opsBean, "Status")).isEqualTo("completed");
    assertThat(attribute(oddAggregate, "CompletedCount")).isEqualTo(1L);
    assertThat(server.isRegistered(transfer(5))).isTrue();

    time.advance(Duration.ofMinutes(2)); // beyond the plain one's retention, not the ops one's
    plain.flush();
    ops.flush();
    assertThat(server.isRegistered(transfer(5))).isFalse();
    assertThat(server.isRegistered(opsBean)).isTrue();
  }

  @Test
  void retention_unregistersTheEndedBean_onTheSinksClock() throws Exception {
    JmxSink sink = sink("jmx", "retention", "5m");
    sink.onEvent(event(7, "a", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(7, "a", Status.COMPLETED, true, 10, 10, 1).build());
    sink.onEvent(event(8, "b", Status.STARTING, true, 0, 10, 0).build());

    time.advance(Duration.ofMinutes(4));
    sink.flush();
    assertThat(server.isRegistered(transfer(7))).isTrue();

    time.advance(Duration.ofMinutes(1));
    sink.flush();
    assertThat(server.isRegistered(transfer(7))).isFalse();
    assertThat(server.isRegistered(transfer(8))).as("still running").isTrue();
  }

  @Test
  void retention_endsEvenWhenNoEventComes() throws Exception {
    SinkContext context =
        SinkContext.builder("jmx")
            .option("retention", "100ms")
            .transfers(LiveTransfers.none())
            .build();
    ProgressSink sink = new JmxSinkProvider().create(context);
    sinks.add(sink);
    sink.onEvent(event(9, "a", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(9, "a", Status.COMPLETED, true, 10, 10, 1).build());
    assertThat(server.isRegistered(transfer(9))).isTrue();
    // nothing more reaches the sink: its timer unregisters the bean
    await("the bean unregistered", () -> !server.isRegistered(transfer(9)));
  }

  @Test
  void aggregate_countsByStatus_andSumsTheSpeedOfTopLevelByteTransfers() throws Exception {
    JmxSink sink = sink("jmx");
    sink.onEvent(event(20, "top", Status.IN_PROGRESS, false, 5, 10, 1).speed(100).build());
    sink.onEvent(
        event(21, "child", Status.IN_PROGRESS, false, 5, 10, 1).parentId(20).speed(60).build());
    sink.onEvent(
        event(22, "rows", Status.IN_PROGRESS, false, 5, 10, 1).unit(Unit.ITEMS).speed(7).build());
    sink.onEvent(event(23, "ok", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(23, "ok", Status.COMPLETED, true, 10, 10, 1).build());
    sink.onEvent(event(24, "bad", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(24, "bad", Status.FAILED, true, 3, 10, 1).build());
    sink.onEvent(event(25, "stop", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(25, "stop", Status.CANCELLED, true, 3, 10, 1).build());
    sink.flush();

    TransfersMXBean all = JMX.newMXBeanProxy(server, sink.aggregateName(), TransfersMXBean.class);
    assertThat(sink.aggregateName()).isEqualTo(new ObjectName("dev.flowmeter:type=Transfers"));
    assertThat(all.getActiveCount()).isEqualTo(3);
    assertThat(all.getBytesPerSecond()).isEqualTo(100.0);
    assertThat(all.getStartedCount()).isEqualTo(6);
    assertThat(all.getCompletedCount()).isEqualTo(1);
    assertThat(all.getFailedCount()).isEqualTo(1);
    assertThat(all.getCancelledCount()).isEqualTo(1);
    assertThat(all.getTransferBeanCount()).isEqualTo(6);
    assertThat(all.getUnlistedCount()).isZero();
  }

  @Test
  void maxBeans_anEndedBeanLeavesEarly_thenNewTransfersGetNone_saidOnce() throws Exception {
    JmxSink sink = sink("jmx", "max-beans", "2");
    sink.onEvent(event(30, "a", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(30, "a", Status.COMPLETED, true, 10, 10, 1).build());
    sink.onEvent(event(31, "b", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(32, "c", Status.STARTING, true, 0, 10, 0).build());
    assertThat(server.isRegistered(transfer(30))).as("ended, its retention cut short").isFalse();
    assertThat(server.isRegistered(transfer(32))).isTrue();

    sink.onEvent(event(33, "d", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(34, "e", Status.STARTING, true, 0, 10, 0).build());
    sink.flush();
    assertThat(server.isRegistered(transfer(33))).isFalse();
    assertThat(server.isRegistered(transfer(34))).isFalse();
    assertThat(attribute(sink.aggregateName(), "UnlistedCount")).isEqualTo(2L);
    assertThat(attribute(sink.aggregateName(), "ActiveCount")).isEqualTo(4);
    assertThat(said.lines())
        .singleElement()
        .asString()
        .contains("2 transfer MBeans are registered")
        .contains("flowmeter.sink.jmx.max-beans");
  }

  @Test
  void close_unregistersEveryBean() throws Exception {
    JmxSink sink = sink("jmx");
    sink.onEvent(event(40, "a", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(41, "b", Status.STARTING, true, 0, 10, 0).build());
    sink.onEvent(event(41, "b", Status.COMPLETED, true, 10, 10, 1).build());
    sink.close();
    assertThat(server.queryNames(new ObjectName("dev.flowmeter:*"), null)).isEmpty();
    sink.onEvent(event(42, "late", Status.STARTING, true, 0, 10, 0).build());
    assertThat(server.queryNames(new ObjectName("dev.flowmeter:*"), null)).isEmpty();
  }

  @Test
  void aSecondUnnamedSink_isRefusedWithAHint() throws Exception {
    sink("jmx");
    assertThatThrownBy(() -> sink("jmx"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("dev.flowmeter:type=Transfers is registered already")
        .hasMessageContaining("flowmeter.sinks=mine=jmx");
  }

  @Test
  void malformedOption_isOneErrorNamingTheKey_andRegistersNothing() {
    SinkContext context =
        SinkContext.builder("jmx")
            .option("retention", "forever")
            .transfers(LiveTransfers.none())
            .build();
    assertThatThrownBy(() -> new JmxSinkProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.jmx.retention")
        .hasMessageContaining("forever");
  }

  @Test
  void provider_declaresItsOptions() {
    assertThat(new JmxSinkProvider().options())
        .isEqualTo(Set.of("interval", "retention", "max-beans"));
    assertThat(new JmxSinkProvider().name()).isEqualTo("jmx");
  }

  private static Object attributeOrNull(ObjectName name, String attribute) {
    try {
      return server.getAttribute(name, attribute);
    } catch (Exception e) {
      return null;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }
}
