package io.github.ssft4j.voting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.testkit.Fixtures;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Agreement with the reference verdicts on the 250 development cases (LightEval and Math-Verify test suites). */
class DevCasesTest {

  static AnswerVerifier.Options options(JsonNode c) {
    Set<MatchType> types = EnumSet.noneOf(MatchType.class);
    for (JsonNode t : c.get("match_types")) {
      types.add(MatchType.parse(t.asText()));
    }
    int precision = c.path("precision").isNumber() ? c.get("precision").asInt() : 6;
    boolean strict = !c.path("strict").isBoolean() || c.get("strict").asBoolean();
    boolean allow = c.path("allow_set_relation_comp").isBoolean() && c.get("allow_set_relation_comp").asBoolean();
    return new AnswerVerifier.Options(precision, strict, allow, types);
  }

  @Test
  void agreesWithTheReferenceOnAtLeast95PercentOfTheDevCases() throws Exception {
    JsonNode cases = new ObjectMapper().readTree(Fixtures.answerCases().toFile());
    // One unmeasured pass so that the slowest call reflects the verifier, not class loading and JIT.
    for (JsonNode c : cases) {
      AnswerVerifier.verify(c.get("gold").asText(), c.get("pred").asText(), options(c));
    }
    int agree = 0;
    List<String> misses = new ArrayList<>();
    long slowest = 0;
    for (JsonNode c : cases) {
      long t0 = System.nanoTime();
      boolean match = AnswerVerifier.verify(c.get("gold").asText(), c.get("pred").asText(), options(c));
      slowest = Math.max(slowest, System.nanoTime() - t0);
      if (match == (c.get("expected").asInt() == 1)) {
        agree++;
      } else {
        misses.add(c.get("id").asText());
      }
    }
    double rate = (double) agree / cases.size();
    System.out.printf("dev agreement %d/%d (%.1f%%), slowest call %.2f ms, misses %s%n", agree, cases.size(),
        100 * rate, slowest / 1e6, misses);
    assertTrue(cases.size() >= 250, "expected the 250 dev cases");
    assertTrue(rate >= 0.95, "agreement " + agree + "/" + cases.size() + " below 95%; misses " + misses);
  }
}
