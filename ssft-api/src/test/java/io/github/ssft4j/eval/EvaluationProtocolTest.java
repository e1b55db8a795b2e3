package io.github.ssft4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ssft4j.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationProtocolTest {
  @Test
  void thePaperProtocolDraws32UnderThink1And11UnderEveryOtherTag() {
    EvaluationProtocol paper = EvaluationProtocol.paper();
    assertEquals(List.of("Pass@1", "Cons@6", "Cons@32"), paper.metrics().stream().map(Metric::name).toList());
    assertArrayEquals(new int[] {0, 32, 11, 11, 11, 11, 11}, paper.samplesPerTag(6));
    assertEquals(87, paper.samplesPerProblem(6));
  }

  @Test
  void eachMetricSaysWhichSamplesItNeeds() {
    assertArrayEquals(new int[] {0, 6, 6, 5, 5, 5, 5}, new Metric.ConsAtK(32).required(6));
    assertArrayEquals(new int[] {0, 11, 11, 11, 0, 0, 0}, new Metric.NativeConsAtK(3, 11).required(6));
    assertArrayEquals(new int[] {8, 0, 0}, new Metric.MajAtK(0, 8).required(2));
    assertEquals("Pass@1 <think3>", new Metric.PassAt1(3, 4).name());
    assertEquals("pass@4 (untagged)", new Metric.PassAtK(0, 16, 4).name());
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(InvalidArgumentException.class, () -> new Metric.PassAtK(1, 2, 3));
    assertThrows(InvalidArgumentException.class, () -> new Metric.NativeConsAtK(6, 11).required(4));
    assertThrows(InvalidArgumentException.class, () -> new Metric.PassAt1(7, 1).required(6));
    assertThrows(InvalidArgumentException.class,
        () -> EvaluationProtocol.of(new Metric.NativeConsAtK(6, 1), new Metric.ConsAtK(6)));
    assertThrows(InvalidArgumentException.class, () -> PromptTemplate.of("no slot"));
    assertEquals("Q: 2+2", PromptTemplate.of("Q: {question}").render("2+2"));
  }
}
