package io.github.ssft4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GfpoConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    GfpoConfig c = GfpoConfig.DEFAULT;
    assertEquals(GfpoConfig.Scope.FORK, c.scope());
    assertEquals(GfpoConfig.Trainable.ALL, c.trainable());
    assertEquals(GfpoConfig.ScaleRewards.GROUP, c.scaleRewards());
    assertEquals(GfpoConfig.LossType.DAPO, c.lossType());
    assertEquals(6, c.groupSize());
    assertEquals(1, c.innerIterations());
    assertEquals(0, c.klCoefficient());
    assertEquals(0, c.traceKlCoefficient());
    assertEquals(GenerationOptions.DEFAULT, c.rollout());
    assertEquals(ParallelReasoner.DEFAULT_SYSTEM_PROMPT, c.systemPrompt());
    GfpoConfig copy = c.toBuilder().steps(3).build();
    assertEquals(3, copy.steps());
    assertEquals(c.learningRate(), copy.learningRate());
  }

  @Test
  void validationNamesTheField() {
    assertField("groupSize", () -> GfpoConfig.builder().groupSize(1).build());
    assertField("learningRate", () -> GfpoConfig.builder().learningRate(0).build());
    assertField("warmupSteps", () -> GfpoConfig.builder().steps(5).warmupSteps(5).build());
    assertField("clipEpsilon", () -> GfpoConfig.builder().clipEpsilon(1.5).build());
    assertField("klCoefficient", () -> GfpoConfig.builder().klCoefficient(-1).build());
    assertField("traceKlCoefficient", () -> GfpoConfig.builder().traceKlCoefficient(-1).build());
    assertField("traceKlCoefficient", () -> GfpoConfig.builder().scope(GfpoConfig.Scope.FULL)
        .traceKlCoefficient(0.1).build());
    assertField("questionsPerStep", () -> GfpoConfig.builder().questionsPerStep(0).build());
  }

  private static void assertField(String field, org.junit.jupiter.api.function.Executable e) {
    InvalidArgumentException x = assertThrows(InvalidArgumentException.class, e);
    assertTrue(x.getMessage().contains(field), x.getMessage());
  }
}
