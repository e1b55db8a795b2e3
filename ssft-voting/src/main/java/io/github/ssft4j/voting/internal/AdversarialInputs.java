package io.github.ssft4j.voting.internal;

import java.util.SplittableRandom;

/**
 * A seeded generator of random and adversarial answer texts for fuzzing and benchmarking the verifier: token
 * soup from LaTeX and prose, deep brace and parenthesis nesting, 100k-character lines, unbalanced LaTeX, huge
 * exponents and literals, long lists, and mutations of well-formed answers. Not thread-safe; one per thread.
 */
public final class AdversarialInputs {
  private static final String[] TOKENS = {"\\frac", "\\dfrac", "{", "}", "(", ")", "[", "]", "\\{", "\\}", "^", "_",
      "\\sqrt", "\\boxed{", "\\left(", "\\right)", "$", "$$", "\\(", "\\)", "\\[", "\\]", "x", "y", "n", "\\pi",
      "\\infty", "-", "+", "\\pm", "=", "<", "\\leq", ",", ";", " and ", "1", "2", "10", "0.5", ".4", "1,000",
      "\\%", "%", "^\\circ", "\\text{cm}", "\\cup", "\\in", "\\begin{pmatrix}", "\\end{pmatrix}", "&", "\\\\",
      "\\sin", "\\log", "!", "|", ":", " the answer is ", "Final Answer: ", "(C)", " B ", "\\approx", "\\cdot",
      "e", "\\mathrm{e}", "\\sum_{k=0}^{n}", "f(", "\\\\boxed{", "\u00b2", "答案是", "réponse ", "\n", " "};
  private static final String[] WELL_FORMED = {"\\frac{1}{3}", "0.3333", "(-\\infty, 3] \\cup [5, \\infty)",
      "x = \\frac{-1 \\pm \\sqrt{13}}{4}", "\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}", "\\{1, 2, 3\\}",
      "12,345.67", "28\\%", "90^\\circ", "x \\geq 5", "2\\sqrt{2}\\pi", "(1, 2), (3, 4)", "\\tan^2(y)+1",
      "The final answer is $\\boxed{42}$.", "Answer: C", "10^{10^{10}}", "2^{2^{2^{2^{2^{2}}}}}", "9^{9^{9}}",
      "\\frac{1}{0}", "0^{-1}", "(10^{4000})^{4000}", "1000!", "\\sqrt[1000000]{2}"};

  private final SplittableRandom rnd;

  /**
   * @param seed fixes the sequence
   */
  public AdversarialInputs(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  /** @return the next input text */
  public String next() {
    return switch (rnd.nextInt(12)) {
      case 0 -> repeat("\\boxed{", rnd.nextInt(1, 20_000)) + "1" + repeat("}", rnd.nextInt(0, 20_000));
      case 1 -> repeat(rnd.nextBoolean() ? "(" : "{", rnd.nextInt(1, 5_000)) + "x" + repeat(")", rnd.nextInt(5_000));
      case 2 -> longLine();
      case 3 -> "$" + nestedPower(rnd.nextInt(1, 60)) + "$";
      case 4 -> "$" + repeat("9", rnd.nextInt(1, 5_000)) + "^{" + repeat("9", rnd.nextInt(1, 50)) + "}$";
      case 5 -> "$\\boxed{" + list(rnd.nextInt(1, 400)) + "}$";
      case 6 -> mutate(WELL_FORMED[rnd.nextInt(WELL_FORMED.length)]);
      case 7 -> "$" + WELL_FORMED[rnd.nextInt(WELL_FORMED.length)] + "$";
      case 8 -> repeat("\\frac", rnd.nextInt(1, 800)) + repeat("1", rnd.nextInt(1, 800));
      default -> soup(rnd.nextInt(1, 200));
    };
  }

  private String soup(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(TOKENS[rnd.nextInt(TOKENS.length)]);
    }
    return sb.toString();
  }

  private String longLine() {
    String unit = switch (rnd.nextInt(5)) {
      case 0 -> "1";
      case 1 -> "$";
      case 2 -> "\\(";
      case 3 -> "the answer is ";
      default -> TOKENS[rnd.nextInt(TOKENS.length)];
    };
    StringBuilder sb = new StringBuilder(100_010);
    while (sb.length() < 100_000) {
      sb.append(unit);
    }
    return sb.append(" \\boxed{7}").toString();
  }

  private String nestedPower(int depth) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(rnd.nextInt(2, 100)).append("^{");
    }
    sb.append(rnd.nextInt(2, 100));
    return sb.append(repeat("}", depth)).toString();
  }

  private String list(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append(rnd.nextInt(-50, 50));
    }
    return sb.toString();
  }

  private String mutate(String s) {
    StringBuilder sb = new StringBuilder(s);
    int edits = rnd.nextInt(1, 6);
    for (int i = 0; i < edits && sb.length() > 0; i++) {
      int at = rnd.nextInt(sb.length());
      switch (rnd.nextInt(3)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
        default -> sb.setCharAt(at, "{}()[]$\\^_-".charAt(rnd.nextInt(11)));
      }
    }
    return sb.toString();
  }

  private static String repeat(String s, int n) {
    return s.repeat(Math.max(0, n));
  }
}
