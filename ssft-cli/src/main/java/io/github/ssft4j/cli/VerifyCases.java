package io.github.ssft4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.voting.AnswerVerifier;
import io.github.ssft4j.voting.MatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads answer-verification cases shaped like {@code testdata/answer-cases/dev_cases.json}. */
final class VerifyCases {
  /** One case: texts, options, and the reference verdict when known ({@code null} otherwise). */
  record Case(String id, String gold, String pred, AnswerVerifier.Options options, Boolean expected) {}

  private VerifyCases() {}

  static List<Case> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InvalidArgumentException("cannot read cases file " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new InvalidArgumentException("cases file " + file + " must hold a JSON array of case objects");
    }
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode c = root.get(i);
      String where = file + " record " + i;
      String gold = text(c, "gold", where);
      String pred = text(c, "pred", where);
      Set<MatchType> types = EnumSet.noneOf(MatchType.class);
      JsonNode mt = c.path("match_types");
      if (mt.isArray()) {
        for (JsonNode t : mt) {
          MatchType type = MatchType.parse(t.asText());
          if (type == null) {
            throw new InvalidArgumentException(where + ": unknown match_types value '" + t.asText()
                + "' (expected latex, expr or NativeLetters)");
          }
          types.add(type);
        }
      } else if (!mt.isMissingNode() && !mt.isNull()) {
        throw new InvalidArgumentException(where + ": match_types must be an array, got " + mt);
      }
      int precision = integer(c, "precision", 6, where);
      boolean strict = bool(c, "strict", true, where);
      boolean allow = bool(c, "allow_set_relation_comp", false, where);
      JsonNode exp = c.path("expected");
      Boolean expected = exp.isMissingNode() || exp.isNull() ? null : expectedValue(exp, where);
      String id = c.path("id").isTextual() ? c.get("id").asText() : Integer.toString(i);
      out.add(new Case(id, gold, pred, new AnswerVerifier.Options(precision, strict, allow, types), expected));
    }
    return out;
  }

  private static String text(JsonNode c, String field, String where) {
    JsonNode v = c == null ? null : c.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidArgumentException(where + ": field '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }

  private static int integer(JsonNode c, String field, int dflt, String where) {
    JsonNode v = c.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() > 15) {
      throw new InvalidArgumentException(where + ": field '" + field + "' must be an integer 0..15, got " + v);
    }
    return v.asInt();
  }

  private static boolean bool(JsonNode c, String field, boolean dflt, String where) {
    JsonNode v = c.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new InvalidArgumentException(where + ": field '" + field + "' must be true, false or null, got " + v);
    }
    return v.asBoolean();
  }

  private static boolean expectedValue(JsonNode v, String where) {
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isInt() && (v.asInt() == 0 || v.asInt() == 1)) {
      return v.asInt() == 1;
    }
    throw new InvalidArgumentException(where + ": field 'expected' must be 0, 1, true, false or null, got " + v);
  }
}
