package io.github.ssft4j.train.internal.gfpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.Prompt;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionDatasetTest {

  @Test
  void readsTheDapoMath17kLayout() {
    var shared = Fixtures.sharedDir().map(d -> d.resolve("benchmarks/dapo_math_17k_first1000.jsonl"))
        .filter(Files::isRegularFile);
    if (shared.isEmpty()) {
      System.out.println("[skip] ../shared/benchmarks/dapo_math_17k_first1000.jsonl not found");
    }
    Assumptions.assumeTrue(shared.isPresent());
    List<GfpoQuestion> q = QuestionDataset.read(shared.get());
    assertEquals(1000, q.size());
    assertEquals("34", q.get(0).answer());
    assertTrue(q.get(0).question().startsWith("In triangle $ABC$"));
    Prompt.Chat p = (Prompt.Chat) q.get(0).prompt("Put the answer in \\boxed{}.");
    assertEquals("system", p.messages().get(0).role());
    assertEquals(1, ((Prompt.Chat) q.get(0).prompt(null)).messages().size());
  }

  @Test
  void readsTheOtherLayoutsAndNamesTheLineAndFieldAtFault(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("q.jsonl");
    Files.writeString(f, """
        {"question": "What is 2+2?", "answer": 4, "system": "Be brief.", "traces": ["4"]}

        {"prompt": "What is 3+3?", "solution": "6"}
        {"prompt": [{"role": "user", "content": "What is 1+1?"}], "label": "2"}
        """);
    List<GfpoQuestion> q = QuestionDataset.read(f);
    assertEquals(List.of("4", "6", "2"), q.stream().map(GfpoQuestion::answer).toList());
    assertEquals("system", ((Prompt.Chat) q.get(0).prompt("other")).messages().get(0).role());
    assertEquals("Be brief.", ((Prompt.Chat) q.get(0).prompt("other")).messages().get(0).content());
    Files.writeString(f, "{\"question\": \"What?\"}\n");
    var e = assertThrows(TrainingException.class, () -> QuestionDataset.read(f));
    assertTrue(e.getMessage().contains("q.jsonl:1") && e.getMessage().contains("gold answer"), e.getMessage());
    Files.writeString(f, "{\"prompt\": [{\"content\": \"x\"}], \"answer\": \"1\"}\n");
    e = assertThrows(TrainingException.class, () -> QuestionDataset.read(f));
    assertTrue(e.getMessage().contains("prompt[0]"), e.getMessage());
  }
}
