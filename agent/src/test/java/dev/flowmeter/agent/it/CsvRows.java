// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The rows of a CSV sink's file written by a forked program, by transfer name. */
final class CsvRows {
  static final int OPERATION = 1;
  static final int NAME = 2;
  static final int BYTES = 4;
  static final int TOTAL = 5;
  static final int STATUS = 7;

  private final List<String[]> rows;

  private CsvRows(List<String[]> rows) {
    this.rows = rows;
  }

  static CsvRows of(Path csv) throws IOException {
    return new CsvRows(Forked.csv(csv));
  }

  /** The last row of the transfer named {@code name}; fails when there is none. */
  String[] last(String name) {
    String[] found = null;
    for (String[] row : rows) {
      if (row[NAME].equals(name)) {
        found = row;
      }
    }
    assertThat(found).as("a row for " + name + " in " + rows.size() + " rows").isNotNull();
    return found;
  }

  /**
   * The last row of the transfer named by a path that is {@code file} once normalized (a tool may
   * name {@code dir/./file}).
   */
  String[] last(Path file) {
    return last(file.getRoot(), file);
  }

  /**
   * As {@link #last(Path)}, a relative name taken relative to {@code workDir}, the program's
   * working folder.
   */
  String[] last(Path workDir, Path file) {
    for (String name : names()) {
      if (workDir.resolve(name).normalize().equals(file.normalize())) {
        return last(name);
      }
    }
    return last(file.toString()); // fails, listing the rows
  }

  /**
   * As {@link #last(Path, Path)}, of the transfer whose operation is {@code operation}: an archive
   * tool makes two transfers of one name, the entry it extracts and the file it writes.
   */
  String[] last(Path workDir, Path file, String operation) {
    String[] found = null;
    for (String[] row : rows) {
      if (row[OPERATION].equals(operation)
          && workDir.resolve(row[NAME]).normalize().equals(file.normalize())) {
        found = row;
      }
    }
    assertThat(found).as("a " + operation + " row for " + file + " in\n" + this).isNotNull();
    return found;
  }

  /** The last row of every transfer. */
  List<String[]> finalRows() {
    return names().stream().map(this::last).collect(Collectors.toList());
  }

  /** Every transfer name, once each, in order of first row. */
  List<String> names() {
    return rows.stream().map(r -> r[NAME]).distinct().collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return rows.stream().map(r -> String.join(",", r)).collect(Collectors.joining("\n"));
  }
}
