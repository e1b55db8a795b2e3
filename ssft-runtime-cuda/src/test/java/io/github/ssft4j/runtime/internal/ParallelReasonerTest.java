package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.VoteResult;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.spi.VotingStrategy;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParallelReasoner} over this backend with a plain boxed-answer extractor and majority vote written here, so
 * the orchestration is tested on the real model independently of {@code ssft-voting}.
 */
class ParallelReasonerTest {

  /** The last {@code \boxed{...}} content, verbatim. */
  static final class BoxedExtractor implements AnswerExtractor {
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^{}]*)}");

    @Override
    public String name() {
      return "test-boxed";
    }

    @Override
    public ExtractedAnswer extract(String text) {
      Matcher m = BOXED.matcher(text);
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      return last == null ? ExtractedAnswer.NONE : new ExtractedAnswer(last, last, ExtractedAnswer.Kind.MATH);
    }
  }

  /** Counts identical normalized answers; ties go to the earlier branch. */
  static final class ExactMajority implements VotingStrategy {
    @Override
    public String name() {
      return "test-majority";
    }

    @Override
    public VoteResult vote(List<Branch> branches) {
      Map<String, List<Integer>> classes = new LinkedHashMap<>();
      Map<String, ExtractedAnswer> first = new LinkedHashMap<>();
      for (Branch b : branches) {
        if (b.answer().isPresent()) {
          classes.computeIfAbsent(b.answer().normalized(), k -> new ArrayList<>()).add(b.index());
          first.putIfAbsent(b.answer().normalized(), b.answer());
        }
      }
      List<AnswerVote> tally = new ArrayList<>();
      classes.forEach((k, v) -> tally.add(new AnswerVote(first.get(k), v.size(), v.size(), v)));
      tally.sort((a, b) -> Integer.compare(b.count(), a.count()));
      return new VoteResult(tally.isEmpty() ? ExtractedAnswer.NONE : tally.get(0).answer(), tally);
    }
  }

  @Test
  void consensusOverSixTagsVotesOnTheBranches(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    try (ParallelReasoner reasoner = ParallelReasoner.builder(dir).answerExtractor(new BoxedExtractor())
        .votingStrategy(new ExactMajority()).generation(GenerationOptions.DEFAULT.withTemperature(0)
            .withMaxNewTokens(80)).build()) {
      ConsensusResult result = reasoner.consensus("What is 37+48?", 6);
      assertEquals(6, result.branches().size());
      for (int b = 0; b < 6; b++) {
        assertEquals(b + 1, result.branches().get(b).trace().tagIndex());
      }
      int votes = result.votes().stream().mapToInt(AnswerVote::count).sum();
      long answered = result.branches().stream().filter(b -> b.answer().isPresent()).count();
      assertEquals(answered, votes);
      assertTrue(answered > 0, "the tiny model writes \\boxed{} answers: " + result.traces());
      assertEquals(result.votes().get(0).answer(), result.answer());
      assertThrows(InvalidArgumentException.class, () -> reasoner.consensus("What is 1+1?", 0));
    }
  }
}
