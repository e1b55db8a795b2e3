package io.github.ssft4j.voting.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ssft4j.voting.internal.math.Lexer.Token;
import io.github.ssft4j.voting.internal.math.Lexer.Type;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LexerTest {
  private static String tokens(String latex) {
    return Lexer.lex(Lexer.normalize(latex)).stream().filter(t -> t.type() != Type.END)
        .map(t -> t.type() + ":" + (t.type() == Type.ENV ? t.env() : t.text())).collect(Collectors.joining(" "));
  }

  @Test
  void numbersAreOneTokenWithTheirDecimalPoint() {
    assertEquals("NUM:12.5 OP:+ NUM:.4", tokens("12.5+.4"));
  }

  @Test
  void repeatingDecimalsKeepTheirRepeatingBlock() {
    assertEquals("NUM:0.1(6)", tokens("0.1\\overline{6}"));
    assertEquals("NUM:0.(3)", tokens("0.\\overline{3}"));
  }

  @Test
  void lettersAreSingleVariablesUnlessTheyFormAKnownWord() {
    assertEquals("ID:x ID:y", tokens("xy"));
    assertEquals("WORD:sin ID:x", tokens("sin x"));
    assertEquals("CMD:frac OP:{ NUM:1 OP:} OP:{ NUM:2 OP:}", tokens("\\dfrac{1}{2}"));
  }

  @Test
  void normalizeDropsSpacingSizingDegreesAndThousandsSeparators() {
    assertEquals("(x)", Lexer.normalize("\\left( x \\right)").replace(" ", ""));
    assertEquals("45", Lexer.normalize("45^\\circ"));
    assertEquals("1234567", Lexer.normalize("1,234,567"));
    assertEquals("5", Lexer.normalize("5 \\text{ cm}").replace("\\text{}", "").strip().substring(0, 1));
  }

  @Test
  void aRowBreakFollowedByASpaceStaysARowBreak() {
    List<Token> inner = Lexer.lex(Lexer.normalize("1 & 2 \\\\ 3 & 4"));
    assertEquals(1, inner.stream().filter(t -> t.is(Type.CMD, "\\\\")).count());
  }

  @Test
  void percentInWordsIsThePercentSign() {
    assertEquals("NUM:28 OP:%", tokens("28 percent"));
    assertEquals("NUM:28 OP:%", tokens("28 percentage"));
    assertEquals("NUM:28 OP:%", tokens("\\text{28 percent}"));
  }

  @Test
  void textCommandsAreTextTokensAndEnvironmentsOneToken() {
    assertEquals("TEXT:Evelyn", tokens("\\text{Evelyn}"));
    assertEquals("ENV:pmatrix", tokens("\\begin{pmatrix}1&2\\end{pmatrix}"));
  }

  @Test
  void anUnclosedEnvironmentIsMalformed() {
    assertThrows(MathParser.ParseFailure.class, () -> Lexer.lex("\\begin{pmatrix}1&2"));
  }
}
