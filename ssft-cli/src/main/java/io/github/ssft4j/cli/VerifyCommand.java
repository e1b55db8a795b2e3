package io.github.ssft4j.cli;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.voting.AnswerVerifier;
import io.github.ssft4j.voting.MatchType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ssft verify}: checks model outputs against gold answers, either a JSON file of cases or one pair.
 * Exits 0 even when cases disagree with their expected verdicts.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {"Verify answers: extract the final answer from gold and prediction and compare them "
        + "(fractions, decimals, sets, intervals, equations, matrices, choice letters).",
        "With --cases: one line per case '<n> <id> MATCH|NO_MATCH expected=<0|1|-> agree|DISAGREE gold=.. pred=..', "
            + "last line 'agreement=<matched>/<with expected> (<percent>%%)'."})
final class VerifyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--cases", description = "JSON array of {gold, pred, match_types, precision, strict, "
      + "allow_set_relation_comp, expected} records.")
  Path cases;

  @Option(names = "--gold", description = "Gold answer text (with --pred, instead of --cases).")
  String gold;

  @Option(names = "--pred", description = "Model output text (with --gold).")
  String pred;

  @Option(names = "--match-types", split = ",", defaultValue = "latex,expr",
      description = "For --gold/--pred: latex, expr, NativeLetters. Default: ${DEFAULT-VALUE}.")
  List<String> matchTypes;

  @Option(names = "--precision", defaultValue = "6", description = "Decimal places. Default: ${DEFAULT-VALUE}.")
  int precision;

  @Option(names = "--no-strict", description = "Ignore variable names (f(x) matches f(y)).")
  boolean noStrict;

  @Option(names = "--allow-set-relation-comp", description = "Let x > 1 match (1, oo).")
  boolean allowSetRelation;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (cases == null) {
      if (gold == null || pred == null) {
        throw new InvalidArgumentException("give --cases FILE.json, or both --gold and --pred");
      }
      Set<MatchType> types = EnumSet.noneOf(MatchType.class);
      for (String t : matchTypes) {
        MatchType type = MatchType.parse(t.strip());
        if (type == null) {
          throw new InvalidArgumentException("--match-types: unknown value '" + t + "' (latex, expr, NativeLetters)");
        }
        types.add(type);
      }
      AnswerVerifier.Verdict v = AnswerVerifier.check(gold, pred,
          new AnswerVerifier.Options(precision, !noStrict, allowSetRelation, types));
      out.println((v.match() ? "MATCH" : "NO_MATCH") + "\tgold=" + shorten(v.gold()) + "\tpred="
          + shorten(v.prediction()));
      out.flush();
      return 0;
    }
    List<VerifyCases.Case> all = VerifyCases.read(cases);
    int withExpected = 0;
    int agreed = 0;
    for (int i = 0; i < all.size(); i++) {
      VerifyCases.Case c = all.get(i);
      AnswerVerifier.Verdict v = AnswerVerifier.check(c.gold(), c.pred(), c.options());
      String agreement = "-";
      if (c.expected() != null) {
        withExpected++;
        boolean ok = c.expected() == v.match();
        agreed += ok ? 1 : 0;
        agreement = ok ? "agree" : "DISAGREE";
      }
      out.println(i + "\t" + c.id() + "\t" + (v.match() ? "MATCH" : "NO_MATCH") + "\texpected="
          + (c.expected() == null ? "-" : c.expected() ? "1" : "0") + "\t" + agreement + "\tgold="
          + shorten(v.gold()) + "\tpred=" + shorten(v.prediction()));
    }
    double percent = withExpected == 0 ? 0 : 100.0 * agreed / withExpected;
    out.println(String.format(Locale.ROOT, "agreement=%d/%d (%.1f%%)", agreed, withExpected, percent));
    out.flush();
    return 0;
  }

  static String shorten(String s) {
    String one = s.replace("\n", "\\n").replace("\t", " ");
    return one.length() > 80 ? one.substring(0, 77) + "..." : one;
  }
}
