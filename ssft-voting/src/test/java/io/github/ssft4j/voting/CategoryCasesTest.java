package io.github.ssft4j.voting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our own cases for the hard categories (matrices, percent, intervals, solution lists, which answer counts,
 * multilingual numbers, repeating decimals, set-builder notation, Arabic-script letters, mixed numbers, limits),
 * each citing the reference rule it follows ({@code category-cases.json}; also runnable with
 * {@code ssft verify --cases ssft-voting/src/test/resources/category-cases.json}).
 */
class CategoryCasesTest {
  @Test
  void everyCategoryCaseFollowsItsReferenceRule() throws Exception {
    JsonNode cases;
    try (InputStream in = getClass().getResourceAsStream("/category-cases.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    assertTrue(cases.size() >= 50, "expected the category cases");
    List<String> wrong = new ArrayList<>();
    for (JsonNode c : cases) {
      assertTrue(c.path("rule").asText().length() > 10, () -> c.get("id") + " cites no rule");
      boolean match = AnswerVerifier.verify(c.get("gold").asText(), c.get("pred").asText(), DevCasesTest.options(c));
      if (match != (c.get("expected").asInt() == 1)) {
        wrong.add(c.get("id").asText() + " (" + c.get("rule").asText() + ")");
      }
    }
    assertEquals(List.of(), wrong);
  }
}
