// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The vocabulary of a {@link FileGroup}: the step words its files move through, optionally each
 * with the range of the file's percentage it covers, and the words for a file that completed and
 * one that failed.
 *
 * <pre>{@code
 * FileSteps steps = FileSteps.of("upload", 0, 10)   // bytes uploaded: 0-10 %
 *     .then("queue", 10, 20)
 *     .then("processing", 40, 80)                     // step("processing", 0.5): 60 %
 *     .then("cleanup", 95, 99);
 * }</pre>
 *
 * <p>With ranges, a file's share done is its current step's start plus the progress within the step
 * mapped into the range: the fraction given with {@link GroupFile#step(String, double)} or {@link
 * Transfer#fraction(double)}, or else the bytes counted while the step is current, over what was
 * left of the total when it began. A file that completed is at 100 %, whatever the last range.
 * Ranges lie within 0..100, each starts where or after the one before ended, and may leave gaps
 * (20-40 % above: work the application does not report).
 *
 * <p>Without ranges ({@link #words(String...)}, {@link #DEFAULT}) the words are labels only, and
 * the share done is the core's: the count over the total, or the fraction given.
 *
 * <p>Immutable and thread-safe; each method returns a new vocabulary.
 */
public final class FileSteps {
  /**
   * The default vocabulary: {@code uploading}, {@code queued}, {@code processing}, then {@code
   * completed} or {@code error}; no ranges.
   */
  public static final FileSteps DEFAULT = words("uploading", "queued", "processing");

  private final List<Step> steps;
  private final String completedWord;
  private final String errorWord;

  private FileSteps(List<Step> steps, String completedWord, String errorWord) {
    this.steps = List.copyOf(steps);
    this.completedWord = completedWord;
    this.errorWord = errorWord;
  }

  /**
   * One step of a vocabulary.
   *
   * @param word the step's word
   * @param fromPercent where the step's range starts, from 0 to 100; {@code NaN} without ranges
   * @param toPercent where it ends; {@code NaN} without ranges
   */
  public record Step(String word, double fromPercent, double toPercent) {
    /** Checks the word. */
    public Step {
      Objects.requireNonNull(word, "word");
    }

    /** Whether the step has a range of the file's percentage. */
    public boolean isRanged() {
      return !Double.isNaN(fromPercent);
    }

    @Override
    public String toString() {
      return isRanged()
          ? "'" + word + "' " + percent(fromPercent) + "-" + percent(toPercent) + " %"
          : "'" + word + "'";
    }
  }

  /**
   * A vocabulary of step words without ranges, ending in {@code completed} or {@code error}.
   *
   * @throws IllegalArgumentException when no word is given, a word is blank or given twice
   */
  public static FileSteps words(String... words) {
    if (words.length == 0) {
      throw new IllegalArgumentException("a vocabulary needs at least one step word");
    }
    List<Step> steps = new ArrayList<>(words.length);
    for (String word : words) {
      steps.add(new Step(checkWord(word, steps, "completed", "error"), Double.NaN, Double.NaN));
    }
    return new FileSteps(steps, "completed", "error");
  }

  /**
   * A vocabulary whose first step is {@code word}, covering {@code fromPercent} to {@code
   * toPercent} of a file's percentage; add more with {@link #then}.
   *
   * @throws IllegalArgumentException when the word is blank or the range is not within 0..100 or
   *     ends before it starts
   */
  public static FileSteps of(String word, double fromPercent, double toPercent) {
    Step step = new Step(checkWord(word, List.of(), "completed", "error"), fromPercent, toPercent);
    checkRange(step, null);
    return new FileSteps(List.of(step), "completed", "error");
  }

  /**
   * This vocabulary and then {@code word}, covering {@code fromPercent} to {@code toPercent}.
   *
   * @throws IllegalArgumentException when this vocabulary has no ranges, the word is blank or
   *     already used, or the range is not within 0..100, ends before it starts or begins before the
   *     previous step's range ended; the message names the bad range
   */
  public FileSteps then(String word, double fromPercent, double toPercent) {
    Step last = steps.get(steps.size() - 1);
    if (!last.isRanged()) {
      throw new IllegalArgumentException(
          "step '" + word + "': this vocabulary has no ranges; start one with FileSteps.of");
    }
    Step step = new Step(checkWord(word, steps, completedWord, errorWord), fromPercent, toPercent);
    checkRange(step, last);
    List<Step> more = new ArrayList<>(steps);
    more.add(step);
    return new FileSteps(more, completedWord, errorWord);
  }

  /**
   * This vocabulary with its own words for a file that completed and one that failed, for example
   * {@code "done"} and {@code "failed"}.
   *
   * @throws IllegalArgumentException when a word is blank, the two are the same or one is a step
   */
  public FileSteps endWords(String completed, String error) {
    String done = checkWord(completed, steps, "", "");
    if (checkWord(error, steps, "", "").equals(done)) {
      throw new IllegalArgumentException("the completed and error words are both '" + done + "'");
    }
    return new FileSteps(steps, done, error);
  }

  /** The steps, in order. */
  public List<Step> steps() {
    return steps;
  }

  /** Whether the steps have percentage ranges. */
  public boolean isRanged() {
    return steps.get(0).isRanged();
  }

  /** The word of a file that completed ({@code completed} unless {@link #endWords} said). */
  public String completedWord() {
    return completedWord;
  }

  /** The word of a file that failed ({@code error} unless {@link #endWords} said). */
  public String errorWord() {
    return errorWord;
  }

  /**
   * The step named {@code word}.
   *
   * @throws IllegalArgumentException naming the accepted words when there is none
   */
  public Step step(String word) {
    Objects.requireNonNull(word, "word");
    for (Step step : steps) {
      if (step.word().equals(word)) {
        return step;
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (Step step : steps) {
      accepted.append(accepted.length() == 0 ? "" : ", ").append(step.word());
    }
    String hint =
        word.equals(completedWord) || word.equals(errorWord)
            ? "; a file ends with complete() or fail(message)"
            : "";
    throw new IllegalArgumentException(
        "unknown step '" + word + "' (accepted: " + accepted + ")" + hint);
  }

  @Override
  public String toString() {
    return "FileSteps" + steps + " then '" + completedWord + "' or '" + errorWord + "'";
  }

  private static String checkWord(String word, List<Step> taken, String done, String error) {
    Objects.requireNonNull(word, "word");
    if (word.isBlank()) {
      throw new IllegalArgumentException("a step word must not be blank");
    }
    if (word.equals(done) || word.equals(error)) {
      throw new IllegalArgumentException(
          "step '" + word + "' is the word of a file that ended; give it another");
    }
    for (Step step : taken) {
      if (step.word().equals(word)) {
        throw new IllegalArgumentException("step '" + word + "' is given twice");
      }
    }
    return word;
  }

  private static void checkRange(Step step, @Nullable Step before) {
    double from = step.fromPercent();
    double to = step.toPercent();
    if (!(from >= 0 && to <= 100 && from <= to)) {
      throw new IllegalArgumentException(
          "step " + step + ": a range lies within 0..100 % and does not end before it starts");
    }
    if (before != null && from < before.toPercent()) {
      throw new IllegalArgumentException(
          "step " + step + " overlaps step " + before + ": ranges follow each other in order");
    }
  }

  private static String percent(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
