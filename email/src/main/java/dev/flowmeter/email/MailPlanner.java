// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.email;

import dev.flowmeter.ProgressEvent;
import dev.flowmeter.Status;
import dev.flowmeter.sink.Percent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides which mails an event calls for: a start, a milestone, an end.
 *
 * <p>Milestones: each is mailed at most once per transfer, when the share done (as {@link
 * Percent#floor} computes it, the figure every sink shows) first reaches it. When progress jumps
 * past several at once (from 20 % to 80 %, past 25, 50 and 75), one mail goes, for the highest (75
 * %), and the ones jumped over are never mailed: a mail says where the transfer is, and three mails
 * at one moment would tell the same thing three times. Milestones already passed when the transfer
 * starts (a resumed download that starts at 60 %) are not mailed either. A transfer whose total is
 * unknown has no milestones (its share done is unknown, never guessed), and a final event sends its
 * own mail, never a milestone's.
 *
 * <p>Children (the stages of an operation, the files of a group) are left out unless {@code
 * children} is set: their parent's mails tell their progress, and a group of a thousand files would
 * otherwise send a thousand mails.
 *
 * <p>Called from the sink's thread only; holds one small entry per running transfer.
 */
final class MailPlanner {
  /** A bound on the transfers followed at once; beyond it, new ones get no milestone mails. */
  static final int MAX_TRANSFERS = 100_000;

  private final List<Integer> milestones;
  private final Set<Notice> on;
  private final boolean children;

  /** Per running transfer: the index of the next milestone to mail. */
  private final Map<Long, Integer> next = new HashMap<>();

  MailPlanner(List<Integer> milestones, Set<Notice> on, boolean children) {
    this.milestones = List.copyOf(milestones);
    this.on = Set.copyOf(on);
    this.children = children;
  }

  /** Passes the mails {@code event} calls for to {@code out}, in order. */
  void plan(ProgressEvent event, Consumer<Mail> out) {
    if (event.parentId() != 0 && !children) {
      return;
    }
    long id = event.transferId();
    if (event.isFinal()) {
      next.remove(id);
      Notice notice = endNotice(event.status());
      if (on.contains(notice)) {
        out.accept(MailText.end(event));
      }
      return;
    }
    if (event.status() == Status.PENDING) {
      return;
    }
    Integer index = next.get(id);
    if (index == null) {
      if (next.size() >= MAX_TRANSFERS) {
        return;
      }
      index = passed(event, 0); // milestones behind a transfer as it starts are not news
      next.put(id, index);
      if (on.contains(Notice.START)) {
        out.accept(MailText.start(event));
      }
      return;
    }
    int reached = passed(event, index);
    if (reached > index) {
      next.put(id, reached);
      if (on.contains(Notice.MILESTONES)) {
        out.accept(MailText.milestone(event, milestones.get(reached - 1)));
      }
    }
  }

  /** The index after the highest milestone {@code event} reached, at least {@code from}. */
  private int passed(ProgressEvent event, int from) {
    long percent = Percent.floor(event, 1);
    int i = from;
    while (i < milestones.size() && percent >= milestones.get(i)) {
      i++;
    }
    return i;
  }

  /** How many transfers are followed (for tests). */
  int running() {
    return next.size();
  }

  private static Notice endNotice(Status status) {
    switch (status) {
      case COMPLETED:
        return Notice.COMPLETE;
      case FAILED:
        return Notice.ERROR;
      default:
        return Notice.CANCEL;
    }
  }
}
