package io.github.ssft4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.eval.AnswerFormat;
import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.Problem;
import io.github.ssft4j.eval.PromptTemplate;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.voting.AnswerVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Benchmark files in the layouts people download: the real copies in ../shared/benchmarks, and written ones. */
class BenchmarkLoaderTest {

  private static Path shared(String file) {
    Optional<Path> p = Fixtures.sharedDir().map(d -> d.resolve("benchmarks").resolve(file)).filter(Files::exists);
    if (p.isEmpty()) {
      System.out.println("[skip] ../shared/benchmarks/" + file + " not found beside the repository");
    }
    Assumptions.assumeTrue(p.isPresent());
    return p.get();
  }

  @Test
  void math500() {
    Benchmark b = Benchmark.load(shared("math500_first50.jsonl"));
    assertEquals(50, b.problems().size());
    assertEquals(AnswerFormat.MATH, b.answerFormat());
    assertEquals(PromptTemplate.MATH, b.template());
    Problem first = b.problems().get(0);
    assertEquals("test/precalculus/807.json", first.id());
    assertTrue(first.question().startsWith("Convert the point $(0,3)$"));
    assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", first.answer());
    assertEquals("Precalculus", first.metadata().get("subject"));
    assertEquals("2", first.metadata().get("level"));
    assertTrue(b.template().render(first.question()).startsWith("Solve the following math problem efficiently"));
  }

  @Test
  void math500GoldAnswersParseAndMatchThemselves() throws IOException {
    Benchmark b = Benchmark.load(shared("math500_first50.jsonl"));
    Judge judge = new Judge(AnswerFormat.MATH);
    int boxed = 0;
    int extracted = 0;
    StringBuilder misses = new StringBuilder();
    for (Problem p : b.problems()) {
      if (judge.correct(p.answer(), "Therefore, the final answer is: $\\boxed{" + p.answer() + "}$. I hope it is correct")) {
        boxed++;
      } else {
        misses.append("\n  ").append(p.id()).append(": ").append(p.answer());
      }
      if (judge.extract("$\\boxed{" + p.answer() + "}$").isPresent()) {
        extracted++;
      }
    }
    System.out.printf("MATH-500 (first 50): %d/50 gold answers extracted, %d/50 verified against themselves%s%n",
        extracted, boxed, misses);
    assertEquals(50, extracted);
    assertTrue(boxed >= 48, boxed + "/50 gold answers match themselves:" + misses);
  }

  @Test
  void aime2024InBothLayouts() {
    Benchmark h4 = Benchmark.load(shared("aime_2024.jsonl"));
    assertEquals(30, h4.problems().size());
    assertEquals("60", h4.problems().get(0).id());
    assertEquals("204", h4.problems().get(0).answer());
    assertEquals("2024", h4.problems().get(0).metadata().get("year"));
    Benchmark mj = Benchmark.load(shared("aime_2024_maxwell_jia.jsonl"));
    assertEquals(30, mj.problems().size());
    assertEquals("2024-II-4", mj.problems().get(0).id());
    assertEquals("33", mj.problems().get(0).answer()); // an int in the file
    // both layouts carry the same 30 answers (as integers: the H4 copy pads "025")
    Set<Integer> a = new HashSet<>();
    h4.problems().forEach(p -> a.add(Integer.parseInt(p.answer())));
    Set<Integer> c = new HashSet<>();
    mj.problems().forEach(p -> c.add(Integer.parseInt(p.answer())));
    assertEquals(a, c);
    Judge judge = new Judge(AnswerFormat.MATH);
    for (Problem p : h4.problems()) {
      assertTrue(judge.correct(p.answer(), "so \\boxed{" + Integer.parseInt(p.answer()) + "}"), p.id());
    }
  }

  @Test
  void aime2025InItsThreeEdits() {
    for (String f : List.of("aime_2025.jsonl", "aime_2025_math_ai_aime25.jsonl", "aime_2025_question_answer.jsonl")) {
      Benchmark b = Benchmark.load(shared(f));
      assertEquals(30, b.problems().size(), f);
      assertEquals("70", b.problems().get(0).answer(), f);
      assertTrue(b.problems().get(0).question().startsWith("Find the sum of all integer bases"), f);
    }
    assertEquals("0", Benchmark.load(shared("aime_2025.jsonl")).problems().get(0).id());
  }

  @Test
  void gpqaCsvPutsTheCorrectAnswerAtASeededPosition(@TempDir Path tmp) throws IOException {
    // GPQA's own column layout (not its questions): quoted cells with commas, quotes and line breaks
    StringBuilder csv = new StringBuilder("Pre-Revision Question,Question,Correct Answer,Incorrect Answer 1,"
        + "Incorrect Answer 2,Incorrect Answer 3,Explanation,Record ID,High-level domain,Subdomain\n");
    for (int i = 0; i < 40; i++) {
      csv.append("pre,\"Which value, of these, is \"\"right\"\" for item ").append(i).append("?\nThink.\",")
          .append("right").append(i).append(",wrong").append(i).append("a,wrong").append(i).append("b,\"wrong")
          .append(i).append(", c\",\"because\nso\",rec").append(i).append(",Physics,Optics\n");
    }
    Path file = tmp.resolve("gpqa_diamond.csv");
    Files.writeString(file, csv);
    Benchmark b = Benchmark.load(file);
    assertEquals(40, b.problems().size());
    assertEquals(AnswerFormat.LETTER, b.answerFormat());
    assertEquals(PromptTemplate.GPQA, b.template());
    Set<String> golds = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      Problem p = b.problems().get(i);
      assertEquals("rec" + i, p.id());
      assertTrue(p.question().startsWith("Which value, of these, is \"right\" for item " + i + "?\nThink.\n\nA) "),
          p.question());
      String line = p.question().lines().filter(l -> l.startsWith(p.answer() + ") ")).findFirst().orElseThrow();
      assertEquals(p.answer() + ") right" + i, line);
      assertTrue(p.question().contains(") wrong" + i + ", c"));
      golds.add(p.answer());
      assertEquals("Physics", p.metadata().get("High-level domain"));
    }
    assertEquals(Set.of("A", "B", "C", "D"), golds, "positions are spread over the four letters");
    // the same seed gives the same positions; another seed other ones
    assertEquals(b, Benchmark.load(file));
    Benchmark other = Benchmark.load(file, Benchmark.LoadOptions.builder().choiceSeed(99).build());
    assertNotEquals(b.problems().stream().map(Problem::answer).toList(),
        other.problems().stream().map(Problem::answer).toList());
    String prompt = b.template().render(b.problems().get(0).question());
    assertTrue(prompt.startsWith("Answer the following multiple choice question. The last line of your response "
        + "should be of the following format: 'Answer: $LETTER'"));
    Judge judge = new Judge(AnswerFormat.LETTER);
    Problem p = b.problems().get(0);
    assertTrue(judge.correct(p.answer(), "Let me think.\nAnswer: " + p.answer()));
    String wrong = p.answer().equals("A") ? "B" : "A";
    assertTrue(!judge.correct(p.answer(), "Answer: " + wrong));
    assertEquals(p.answer(), judge.extract("reasoning...\nAnswer: " + p.answer()).normalized());
  }

  @Test
  void subtractionTaskAndGenericColumns(@TempDir Path tmp) throws IOException {
    Benchmark sub = Benchmark.load(Fixtures.subtractionSample());
    assertEquals(12, sub.problems().size());
    assertEquals(PromptTemplate.PLAIN, sub.template());
    assertTrue(sub.problems().get(0).question().matches("What is \\d+-\\d+\\?"));
    Path csv = tmp.resolve("mine.csv");
    Files.writeString(csv, "key,prompt,target\nk1,\"What is 2+2?\",4\r\nk2,What is 3*3?,9\r\n");
    Benchmark g = Benchmark.load(csv, Benchmark.LoadOptions.builder().questionField("prompt").answerField("target")
        .idField("key").build());
    assertEquals(List.of("k1", "k2"), g.problems().stream().map(Problem::id).toList());
    assertEquals("What is 2+2?", g.problems().get(0).question());
    assertEquals("9", g.problems().get(1).answer());
    Path json = tmp.resolve("mine.json");
    Files.writeString(json, "{\"rows\": [{\"row\": {\"question\": \"1+1?\", \"answer\": 2}}, "
        + "{\"row\": {\"question\": \"2+3?\", \"answer\": 5}}]}");
    Benchmark j = Benchmark.load(json);
    assertEquals(List.of("0", "1"), j.problems().stream().map(Problem::id).toList());
    assertEquals("5", j.problems().get(1).answer());
  }

  @Test
  void badFilesNameWhatIsWrong(@TempDir Path tmp) throws IOException {
    Path noCols = tmp.resolve("x.jsonl");
    Files.writeString(noCols, "{\"foo\": 1}\n");
    EvaluationException e = assertThrows(EvaluationException.class, () -> Benchmark.load(noCols));
    assertTrue(e.getMessage().contains("--question-field") && e.getMessage().contains("foo"), e.getMessage());
    Path empty = tmp.resolve("y.jsonl");
    Files.writeString(empty, "{\"problem\": \"p\", \"answer\": \"\"}\n");
    e = assertThrows(EvaluationException.class, () -> Benchmark.load(empty));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("answer is empty"), e.getMessage());
    Path broken = tmp.resolve("z.jsonl");
    Files.writeString(broken, "{\"problem\": \"p\", \"answer\": \"1\"}\n{oops\n");
    e = assertThrows(EvaluationException.class, () -> Benchmark.load(broken));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    Path parquet = tmp.resolve("t.parquet");
    Files.write(parquet, new byte[] {'P', 'A', 'R', '1'});
    e = assertThrows(EvaluationException.class, () -> Benchmark.load(parquet));
    assertTrue(e.getMessage().contains("JSONL"), e.getMessage());
    Path dup = tmp.resolve("d.csv");
    Files.writeString(dup, "id,question,answer\n1,a,1\n1,b,2\n");
    assertThrows(io.github.ssft4j.InvalidArgumentException.class, () -> Benchmark.load(dup));
  }
}
