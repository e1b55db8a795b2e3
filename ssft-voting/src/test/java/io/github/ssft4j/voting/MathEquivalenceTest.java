package io.github.ssft4j.voting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Equivalence rules on answers written here (not taken from the dev cases). */
class MathEquivalenceTest {
  private static final AnswerVerifier.Options LATEX = AnswerVerifier.Options.DEFAULT;

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "$\\frac{2}{4}$ | $0.5$ | true",
      "$\\dfrac{3}{6}$ | $\\boxed{\\tfrac12}$ | true",
      "$\\frac{1}{7}$ | $0.142857$ | true",
      "$\\frac{1}{7}$ | $0.1428$ | false",
      "$2\\sqrt{2}$ | $\\sqrt{8}$ | true",
      "$\\sqrt{8}$ | $3$ | false",
      "$\\frac{\\sqrt{3}}{3}$ | $\\frac{1}{\\sqrt{3}}$ | true",
      "$2\\pi$ | $\\boxed{6.283185}$ | true",
      "$45^\\circ$ | $\\boxed{45}$ | true",
      "$50\\%$ | $\\boxed{50}$ | false",
      "$50\\%$ | $\\boxed{0.5}$ | true",
      "$50\\%$ | $\\boxed{50}$ percent | true",
      "$(x+1)^2$ | $x^2+2x+1$ | true",
      "$(x+1)^2$ | $x^2+x+1$ | false",
      "$\\sin^2 x + \\cos^2 x$ | $1$ | true",
      "$\\{1, 2, 3\\}$ | $\\boxed{\\{3, 2, 1\\}}$ | true",
      "$(1, 2)$ | $(2, 1)$ | false",
      "$[1, 5)$ | $[1,5)$ | true",
      "$[1, 5)$ | $[1,5]$ | false",
      "$(-\\infty, 2) \\cup (3, \\infty)$ | $(3,\\infty)\\cup(-\\infty,2)$ | true",
      "$y = 2x + 1$ | $2y = 4x + 2$ | true",
      "$y = 2x + 1$ | $y = 2x - 1$ | false",
      "$x = 7$ | $\\boxed{7}$ | true",
      "$3$ | $\\boxed{x=3}$ | true",
      "$x \\ge 3$ | $3 \\le x$ | true",
      "$x > 3$ | $x \\ge 3$ | false",
      "$\\begin{bmatrix}1 & 2\\\\3 & 4\\end{bmatrix}$ | $\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}$ | true",
      "$\\begin{pmatrix}1 & 2\\\\3 & 4\\end{pmatrix}$ | $\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}$ | false",
      "$\\pm 3$ | $\\boxed{3, -3}$ | true",
      "$\\$1{,}250$ | The total is $1,250. | true",
      "$10^{10^{10}}$ | $10^{10^{10}}+1$ | false",
      "$2^{100}$ | $1267650600228229401496703205376$ | true",
      "$\\text{(B)}$ | $\\text{(C)}$ | false",
      "$\\frac12$ | The answer is $\\frac{1}{2}$. Note that $x$ is positive. | true",
      "$\\frac34$ | so we get \\frac{3}{4}. | true",
      "$6$ | First \\boxed{5}. Final Answer: The final answer is $6$. I hope it is correct. | true",
      "$5$ | The final answer is $6$. Actually, checking again: \\boxed{5} | true",
      "$\\{1, 2\\}$ | The solutions are $1$ and $2$. | true",
      "$2i$ | $\\boxed{(1+i)^2}$ | true",
      "$1+2i$ | $1-2i$ | false",
      "$3\\frac{1}{2}$ | $3.5$ | true",
      "$5$ | $5 cm$ | true",
      "$\\log_2 8$ | $3$ | true",
      "$\\{2, 3\\}$ | $\\{3, 2, 2\\}$ | true",
      "$x = 5$ | $5 = x$ | true",
  })
  void comparesAnswers(String gold, String pred, boolean expected) {
    assertEquals(expected, AnswerVerifier.verify(gold, pred, LATEX), () -> AnswerVerifier.check(gold, pred, LATEX)
        .toString());
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "12345 | The total comes to 12,345 apples. | true",
      "0.75 | so we get ,75 hmm no: 0,75 | true",
      "42 | first 12, then 30, the answer is 42 | true",
      "8 | 5 + 3 = 8 dollars | true",
      "8 | 5 + 3 = 9 dollars | false",
      "2/3 | so the ratio is 2/3 | true",
      "17 | Answer: 9 + 8 = 17, which is odd. | true",
      "25 | It costs 25$ in total | true",
      "92 | الناتج هو ٩٢ | true",
      "-3 | The answer is \u22123. | true",
  })
  void comparesPlainNumbers(String gold, String pred, boolean expected) {
    AnswerVerifier.Options expr = AnswerVerifier.Options.DEFAULT.withMatchTypes(EnumSet.of(MatchType.EXPR));
    assertEquals(expected, AnswerVerifier.verify(gold, pred, expr), () -> AnswerVerifier.check(gold, pred, expr)
        .toString());
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "(B) Paris | B | true",
      "C | The correct option is (C). | true",
      "A | Answer: **A** because B is wrong | true",
      "D | La respuesta es D | true",
      "B | 答案是 B | true",
      "B | The answer is C | false",
  })
  void comparesLetters(String gold, String pred, boolean expected) {
    AnswerVerifier.Options letters = AnswerVerifier.Options.DEFAULT.withMatchTypes(EnumSet.of(MatchType.LETTERS));
    assertEquals(expected, AnswerVerifier.verify(gold, pred, letters));
  }
}
