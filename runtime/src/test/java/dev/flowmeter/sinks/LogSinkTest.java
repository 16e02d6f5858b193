// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sinks;

import static dev.flowmeter.sink.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowmeter.ConfigException;
import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.Unit;
import dev.flowmeter.sink.ProgressSink;
import dev.flowmeter.sink.SinkContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class LogSinkTest {
  /** Held strongly, so that JUL does not forget the handler and level between calls. */
  private final Logger logger = Logger.getLogger("dev.flowmeter.progress");

  private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level oldLevel;
  private boolean oldUseParent;

  @BeforeEach
  void attach() {
    oldLevel = logger.getLevel();
    oldUseParent = logger.getUseParentHandlers();
    logger.setLevel(Level.ALL);
    logger.setUseParentHandlers(false); // keep test output off the console
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  @AfterEach
  void detach() {
    logger.removeHandler(handler);
    logger.setLevel(oldLevel);
    logger.setUseParentHandlers(oldUseParent);
  }

  private static ProgressSink sink(SinkContext.Builder context) {
    return new LogSinkProvider().create(context.build());
  }

  private static ProgressEvent.Builder progress(long bytes, long total) {
    return event(1, "report.pdf", Status.IN_PROGRESS, false, bytes, total, 1);
  }

  @Test
  void progress_isOneRecordAtInfoByDefault() {
    sink(SinkContext.builder("log"))
        .onEvent(
            progress(6_606_029, 15_728_640).speed(2_202_010).eta(Duration.ofMillis(4200)).build());

    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLoggerName()).isEqualTo("dev.flowmeter.progress");
    assertThat(records.get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(records.get(0).getMessage())
        .isEqualTo("upload report.pdf: 42.0% (6.3 MiB of 15.0 MiB) at 2.1 MiB/s, ETA 4.2 s");
  }

  @Test
  void level_isConfigurable() {
    sink(SinkContext.builder("log").option("level", "warning")).onEvent(progress(1, 2).build());
    sink(SinkContext.builder("log").option("level", "DEBUG")).onEvent(progress(1, 2).build());

    assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.FINE);
  }

  @Test
  void levelOff_logsNothing() {
    sink(SinkContext.builder("log").option("level", "OFF"))
        .onEvent(event(1, "x", Status.COMPLETED, true, 1, 1, 1).build());

    assertThat(records).isEmpty();
  }

  @Test
  void levelBelowTheLoggers_isNotLogged() {
    logger.setLevel(Level.INFO);
    sink(SinkContext.builder("log").option("level", "DEBUG")).onEvent(progress(1, 2).build());

    assertThat(records).isEmpty();
  }

  @Test
  void unknownLevel_isAConfigExceptionListingTheNames() {
    assertThatThrownBy(() -> sink(SinkContext.builder("log").option("level", "LOUD")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flowmeter.sink.log.level")
        .hasMessageContaining("LOUD")
        .hasMessageContaining("WARNING");
  }

  @Test
  void lifecycle_linesDescribeEachStatus() {
    ProgressSink sink = sink(SinkContext.builder("log"));
    sink.onEvent(event(1, "a.bin", Status.STARTING, true, 0, 2048, 0).build());
    sink.onEvent(event(1, "a.bin", Status.SAVING, true, 2048, 2048, 1).build());
    sink.onEvent(
        event(1, "a.bin", Status.COMPLETED, true, 2048, 2048, 2)
            .elapsed(Duration.ofMillis(7200))
            .averageSpeed(1024)
            .build());
    sink.onEvent(event(2, "b.bin", Status.FAILED, true, 512, 2048, 2).error("disk full").build());
    sink.onEvent(
        event(3, "c.bin", Status.CANCELLED, true, 10, -1, 2).error("JVM shutting down").build());

    assertThat(records)
        .extracting(LogRecord::getMessage)
        .containsExactly(
            "upload a.bin: starting (2.0 KiB)",
            "upload a.bin: saving (2.0 KiB)",
            "upload a.bin: completed, 2.0 KiB in 7.2 s, average 1.0 KiB/s",
            "upload b.bin: failed after 512 B of 2.0 KiB: disk full",
            "upload c.bin: cancelled after 10 B: JVM shutting down");
  }

  @Test
  void unknownTotal_showsCountAndSpeedOnly() {
    sink(SinkContext.builder("log")).onEvent(progress(3 << 20, -1).speed(1 << 20).build());

    assertThat(records.get(0).getMessage()).isEqualTo("upload report.pdf: 3.0 MiB at 1.0 MiB/s");
  }

  @Test
  void items_areCountedAsItems() {
    sink(SinkContext.builder("log")).onEvent(progress(5, 10).unit(Unit.ITEMS).speed(2.5).build());

    assertThat(records.get(0).getMessage())
        .isEqualTo("upload report.pdf: 50.0% (5 items of 10 items) at 2.5 items/s");
  }

  @Test
  void name_isSanitized() {
    sink(SinkContext.builder("log"))
        .onEvent(event(1, "evil\u001b[2J\nname", Status.STARTING, true, 0, -1, 0).build());

    String message = records.get(0).getMessage();
    assertThat(message).doesNotContain("\u001b").doesNotContain("\n");
    assertThat(message).isEqualTo("upload evil?" + "?name: starting");
  }

  @Test
  void provider_defaultsToTenSecondsBetweenProgressRecords() {
    assertThat(new LogSinkProvider().defaultInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(new LogSinkProvider().name()).isEqualTo("log");
  }
}
