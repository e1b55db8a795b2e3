package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model picks its own tags through {@link ParallelReasoner}, and every result reports the distribution. */
class ModelChosenTagsTest {
  private static final GenerationOptions GREEDY = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(8);

  @Test
  void argmaxAndSampledTagsComeFromTheForkDistribution(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    String q = "What is 37+48?";
    try (ParallelReasoner argmax = ParallelReasoner.builder(dir).generation(GREEDY)
        .tagSchedule(TagSchedule.MODEL_ARGMAX).build();
        ParallelReasoner chosen = ParallelReasoner.builder(dir).generation(GREEDY.withSeed(3))
            .tagSchedule(TagSchedule.MODEL_CHOSEN).build();
        OnnxModel model = new OnnxRuntimeBackend().open(dir, io.github.ssft4j.RuntimeOptions.DEFAULT)) {
      ForkDistribution d = model.forkDistribution(Prompt.question(ParallelReasoner.DEFAULT_SYSTEM_PROMPT, q));
      ConsensusResult one = argmax.consensus(q, 1);
      assertEquals(Optional.of(d), one.forkDistribution());
      assertEquals(d.argmax(), one.branches().get(0).trace().tagIndex());
      ConsensusResult six = chosen.consensus(q, 6);
      List<Integer> tags = six.branches().stream().map(b -> b.trace().tagIndex()).toList();
      assertEquals(d.sample(6, 3L), tags, "six tags drawn from the distribution with the call's seed");
      assertEquals(tags, chosen.consensus(q, 6).branches().stream().map(b -> b.trace().tagIndex()).toList());
      // Explicit tags still win over the schedule.
      ConsensusResult explicit = chosen.consensus(ConsensusRequest.builder(q).tags(List.of(2, 5)).build());
      assertEquals(List.of(2, 5), explicit.branches().stream().map(b -> b.trace().tagIndex()).toList());
    }
  }

  @Test
  void aFixedScheduleReportsTheDistributionToo_andTheFolderCanDeclareItsPolicy(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    new SsftSettings(io.github.ssft4j.ForkingTokens.DEFAULT, Optional.of(TagSchedule.MODEL_ARGMAX)).write(dir);
    try (ParallelReasoner declared = ParallelReasoner.builder(dir).generation(GREEDY).build();
        ParallelReasoner fixed = ParallelReasoner.builder(dir).generation(GREEDY)
            .tagSchedule(TagSchedule.SEQUENTIAL).build()) {
      ConsensusResult r = declared.consensus("What is 5+9?", 2);
      int best = r.forkDistribution().orElseThrow().argmax();
      assertTrue(r.branches().stream().allMatch(b -> b.trace().tagIndex() == best));
      ConsensusResult s = fixed.consensus("What is 5+9?", 2);
      assertEquals(List.of(1, 2), s.branches().stream().map(b -> b.trace().tagIndex()).toList());
      assertEquals(r.forkDistribution(), s.forkDistribution());
    }
  }
}
