package io.github.ssft4j.research.task;

import java.util.Optional;

/**
 * The five ways the synthetic subtraction task solves {@code a - b}. Each writes its trace with its own opening
 * words, so a trace's strategy can be read back from its text ({@link #identify(String)}), which makes the mode
 * purity of a forking tag measurable.
 *
 * <p>Each strategy also has one systematic procedural bug (in the sense of the "buggy arithmetic" studies of
 * children's subtraction): on a strategy-specific, digit-defined slice of about a fifth of the questions it
 * makes the same slip every time. The slices differ between strategies, so a vote over different strategies
 * corrects what one strategy repeated many times cannot.
 */
public enum Strategy {
  /** Column subtraction with borrowing; forgets to reduce the tens after borrowing from a zero or one. */
  COLUMN("Ones:"),
  /** Counting up from the subtrahend to the next ten, then to the minuend; overcounts the first leg from 8 or 9. */
  COUNT_UP("Count up"),
  /** Rounds the subtrahend up to a ten, subtracts, adds back the difference; adds back the ones digit on 3 or 4. */
  ROUND("Round"),
  /** Takes away the tens, then the ones; subtracts the smaller ones digit from the larger in the tens of 4 to 6. */
  SPLIT("Take away"),
  /** Adds the same amount to both numbers so the subtrahend is a ten; drops the carry when the ones nearly match. */
  SHIFT("to both");

  private final String marker;

  Strategy(String marker) {
    this.marker = marker;
  }

  /** @return the words that open (or, for {@link #SHIFT}, mark) this strategy's traces */
  public String marker() {
    return marker;
  }

  /**
   * Reads the strategy a trace follows from its text: the strategy whose marker appears earliest.
   *
   * @param trace a generated or written trace
   * @return the strategy, or empty when no marker appears
   */
  public static Optional<Strategy> identify(String trace) {
    Strategy best = null;
    int bestAt = Integer.MAX_VALUE;
    for (Strategy s : values()) {
      int at = trace.indexOf(s.marker);
      if (at >= 0 && at < bestAt) {
        best = s;
        bestAt = at;
      }
    }
    return Optional.ofNullable(best);
  }
}
