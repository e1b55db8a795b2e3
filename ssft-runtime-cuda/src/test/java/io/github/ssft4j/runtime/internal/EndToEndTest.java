package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code ParallelReasoner.load(dir).consensus(q, k)} with every default: this backend and ssft-voting's. */
class EndToEndTest {
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{(\\d+)}");

  @ParameterizedTest
  @ValueSource(strings = {"qwen2-tiny", "qwen2-small"})
  void consensusWithTheDefaults(String name, @TempDir Path tmp) {
    Path dir = Fixtures.modelFolder(name, tmp);
    try (ParallelReasoner reasoner = ParallelReasoner.load(dir)) {
      ConsensusResult result = reasoner.consensus("What is 37+48?", 6);
      assertEquals(6, result.branches().size());
      int answered = 0;
      for (Branch b : result.branches()) {
        assertEquals(b.index() + 1, b.trace().tagIndex());
        Matcher m = BOXED.matcher(b.trace().text());
        String last = null;
        while (m.find()) {
          last = m.group(1);
        }
        if (last != null) {
          answered++;
          assertEquals(last, b.answer().normalized(), "the default extractor reads the boxed number of " + b);
        }
      }
      assertTrue(answered >= 3, "most branches of the fixture model answer in \\boxed{}: " + result.traces());
      int votes = result.votes().stream().mapToInt(AnswerVote::count).sum();
      assertEquals(result.branches().stream().filter(b -> b.answer().isPresent()).count(), votes);
      for (AnswerVote v : result.votes()) {
        assertTrue(result.votes().get(0).count() >= v.count(), "winner first: " + result.votes());
      }
      assertEquals(result.votes().get(0).answer().normalized(), result.answer().normalized());
      System.out.printf("[e2e] %s: answer %s, votes %s%n", name, result.answerText(),
          result.votes().stream().map(v -> v.answer().raw() + "=" + v.count()).toList());
    }
  }
}
