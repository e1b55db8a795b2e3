package io.github.ssft4j.voting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.EnumSet;
import java.util.Set;

/** Scratch runner (not a test). */
public final class DevCasesDump {
  public static void main(String[] args) throws Exception {
    JsonNode arr = new ObjectMapper().readTree(new File(args[0]));
    int ok = 0;
    int i = 0;
    for (JsonNode c : arr) {
      Set<MatchType> types = EnumSet.noneOf(MatchType.class);
      for (JsonNode t : c.get("match_types")) {
        types.add(MatchType.parse(t.asText()));
      }
      int prec = c.get("precision").isNull() ? 6 : c.get("precision").asInt();
      boolean strict = c.get("strict").isNull() || c.get("strict").asBoolean();
      boolean allow = !c.get("allow_set_relation_comp").isNull() && c.get("allow_set_relation_comp").asBoolean();
      long t0 = System.nanoTime();
      AnswerVerifier.Verdict v = AnswerVerifier.check(c.get("gold").asText(), c.get("pred").asText(),
          new AnswerVerifier.Options(prec, strict, allow, types));
      long us = (System.nanoTime() - t0) / 1000;
      boolean exp = c.get("expected").asInt() == 1;
      if (exp == v.match()) {
        ok++;
      } else {
        System.out.println("MISS " + i + " exp=" + exp + " gold=[" + v.gold() + "] pred=[" + v.prediction() + "] " + us + "us");
      }
      i++;
    }
    System.out.println("agreement " + ok + "/" + i);
  }
}
