// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.console;

import dev.flowmeter.Kind;
import dev.flowmeter.ProgressEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The members of operations and groups that the console draws as lines of their family rather than
 * as bars of their own: an operation's stages (kind {@link Kind#STAGE}) and everything running
 * inside a stage, and a group's files (kind {@link Kind#FILE}).
 *
 * <p>A member is known by its parent: a stage's parent is its operation, a stream's parent is a
 * stage (or a member of one), a file's parent is its group. Parents start before their children, so
 * the sink sees a parent's first event before any child's. Members are forgotten when they end, so
 * memory follows what runs, not what ran.
 *
 * <p>Not thread-safe; used by the sink's thread only.
 */
final class Families {
  /** The family (operation or group id) of each running member, by the member's id. */
  private final Map<Long, Long> familyOf = new HashMap<>();

  /** For each operation, the latest event of a stream running inside one of its stages. */
  private final Map<Long, ProgressEvent> detail = new HashMap<>();

  /** The stage each running member of an operation is inside, by the member's id. */
  private final Map<Long, Long> stageOf = new HashMap<>();

  /** The name of each running stage, by its id. */
  private final Map<Long, String> stageNames = new HashMap<>();

  /** For each group, its running files in the order they started. */
  private final Map<Long, Map<Long, ProgressEvent>> files = new HashMap<>();

  /**
   * Records {@code e} when it is a member of an operation or a group, and says whether it is one:
   * then the sink draws it within its family, not as a transfer of its own.
   */
  boolean member(ProgressEvent e) {
    long id = e.transferId();
    Long family = familyOf.get(id);
    if (family == null) {
      family = familyOfNew(e);
      if (family == null) {
        return false;
      }
      familyOf.put(id, family);
      Long stage = e.kind() == Kind.STAGE ? Long.valueOf(id) : stageOf.get(e.parentId());
      if (stage != null) {
        stageOf.put(id, stage);
      }
    }
    if (e.kind() == Kind.STAGE) {
      stageNames.put(id, e.name());
    }
    if (e.kind() == Kind.FILE) {
      Map<Long, ProgressEvent> running = files.computeIfAbsent(family, f -> new LinkedHashMap<>());
      if (e.isFinal() || e.status().isFinal()) {
        running.remove(id);
      } else {
        running.put(id, e);
      }
    } else if (e.kind() != Kind.STAGE) {
      if (e.isFinal() || e.status().isFinal()) {
        ProgressEvent shown = detail.get(family);
        if (shown != null && shown.transferId() == id) {
          detail.remove(family);
        }
      } else {
        detail.put(family, e);
      }
    }
    if (e.isFinal()) {
      familyOf.remove(id);
      stageOf.remove(id);
      stageNames.remove(id);
    }
    return true;
  }

  private @Nullable Long familyOfNew(ProgressEvent e) {
    long parent = e.parentId();
    if (parent < 0) {
      return null;
    }
    Long family = familyOf.get(parent);
    if (family != null) {
      return family; // inside a stage, or inside a file
    }
    if (e.kind() == Kind.STAGE || e.kind() == Kind.FILE) {
      return parent;
    }
    return null;
  }

  /** Forgets what is kept for a family that ended (an operation or a group). */
  void end(long family) {
    detail.remove(family);
    files.remove(family);
  }

  /**
   * The latest event of a stream running inside the stage of {@code operation} named {@code
   * current}; null when the latest is inside another stage (the next one began before the
   * operation's event said so).
   */
  @Nullable ProgressEvent detail(long operation, @Nullable String current) {
    ProgressEvent latest = detail.get(operation);
    if (latest == null || current == null) {
      return null;
    }
    Long stage = stageOf.get(latest.transferId());
    return stage != null && current.equals(stageNames.get(stage)) ? latest : null;
  }

  /** The running files of {@code group}, in the order they started. */
  List<ProgressEvent> files(long group) {
    Map<Long, ProgressEvent> running = files.get(group);
    return running == null ? List.of() : new ArrayList<>(running.values());
  }

  /** How many members run, for tests. */
  int size() {
    return familyOf.size();
  }
}
