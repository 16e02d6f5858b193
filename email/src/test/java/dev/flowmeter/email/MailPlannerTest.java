// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowmeter.ProgressEvent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MailPlannerTest {
  private final List<Mail> mails = new ArrayList<>();

  private void plan(MailPlanner planner, ProgressEvent... events) {
    for (ProgressEvent e : events) {
      planner.plan(e, mails::add);
    }
  }

  private List<String> subjects() {
    List<String> s = new ArrayList<>();
    for (Mail m : mails) {
      s.add(m.summary());
    }
    return s;
  }

  @Test
  void milestones_eachOnceInOrder_thenTheEnd() {
    Events t = new Events(1, "backup.tar", 1000);
    MailPlanner planner = new MailPlanner(List.of(25, 50, 75), EnumSet.allOf(Notice.class), false);

    plan(
        planner,
        t.started(),
        t.progress(100, 1),
        t.progress(250, 2),
        t.progress(260, 3),
        t.progress(499, 4),
        t.progress(500, 5),
        t.progress(800, 6),
        t.progress(990, 7),
        t.completed(8));

    assertThat(subjects())
        .containsExactly(
            "copy started: backup.tar (1000 B)",
            "copy 25%: backup.tar",
            "copy 50%: backup.tar",
            "copy 75%: backup.tar",
            "copy completed: backup.tar (1000 B in 8.0 s)");
    assertThat(planner.running()).isZero();
  }

  /** A jump past two milestones is one mail, for the higher; the one jumped over never comes. */
  @Test
  void jumpPastSeveralMilestones_isOneMailForTheHighest() {
    Events t = new Events(1, "a.bin", 1000);
    MailPlanner planner =
        new MailPlanner(List.of(25, 50, 75), EnumSet.of(Notice.MILESTONES), false);

    plan(planner, t.started(), t.progress(200, 1), t.progress(600, 2), t.progress(700, 3));

    assertThat(subjects()).containsExactly("copy 50%: a.bin");
  }

  @Test
  void milestonesBehindTheStart_areNotMailed() {
    Events t = new Events(1, "resumed.iso", 1000);
    MailPlanner planner =
        new MailPlanner(List.of(25, 50, 75), EnumSet.of(Notice.MILESTONES), false);

    plan(planner, t.base(dev.flowmeter.Status.STARTING, 600, 0).lifecycle(true).build());
    plan(planner, t.progress(700, 1), t.progress(800, 2));

    assertThat(subjects()).containsExactly("copy 75%: resumed.iso");
  }

  @Test
  void unknownTotal_hasNoMilestones_onlyItsEnd() {
    Events t = new Events(1, "stream", -1);
    MailPlanner planner = new MailPlanner(List.of(25, 50, 75), EnumSet.allOf(Notice.class), false);

    plan(planner, t.started(), t.progress(10_000, 1), t.progress(20_000, 2));
    plan(planner, t.base(dev.flowmeter.Status.COMPLETED, 30_000, 3).lifecycle(true).build());

    assertThat(subjects())
        .containsExactly("copy started: stream", "copy completed: stream (29.3 KiB in 3.0 s)");
  }

  @Test
  void children_areLeftOutByDefault() {
    ProgressEvent child =
        new Events(2, "part-1", 100)
            .base(dev.flowmeter.Status.COMPLETED, 100, 1)
            .parentId(1)
            .lifecycle(true)
            .build();

    plan(new MailPlanner(List.of(50), EnumSet.allOf(Notice.class), false), child);
    assertThat(mails).isEmpty();

    plan(new MailPlanner(List.of(50), EnumSet.allOf(Notice.class), true), child);
    assertThat(subjects()).containsExactly("copy completed: part-1 (100 B in 1.0 s)");
  }

  @Test
  void onlyTheChosenNotices() {
    Events ok = new Events(1, "ok.bin", 100);
    Events bad = new Events(2, "bad.bin", 100);
    MailPlanner planner = new MailPlanner(List.of(50), EnumSet.of(Notice.ERROR), false);

    plan(planner, ok.started(), ok.progress(60, 1), ok.completed(2));
    plan(planner, bad.started(), bad.failed(10, 1, "disk full"));

    assertThat(subjects()).containsExactly("copy FAILED: bad.bin");
    assertThat(mails.get(0).body()).contains("Error:      disk full");
  }
}
