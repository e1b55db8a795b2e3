package io.github.ssft4j.train.internal.gfpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ssft4j.GfpoConfig.ScaleRewards;
import org.junit.jupiter.api.Test;

class AdvantagesTest {
  private static final double[][] REWARDS = {{1, 0, 0, 1}, {1, 1, 1, 1}, {0, 0, 0, 1}};

  @Test
  void groupScalingDividesByEachGroupsUnbiasedStd() {
    double[][] a = Advantages.of(REWARDS, ScaleRewards.GROUP, 1e-4);
    double std = Math.sqrt(1.0 / 3); // {1,0,0,1}: mean 0.5, sum of squares 1, n - 1 = 3
    assertArrayEquals(new double[] {0.5 / (std + 1e-4), -0.5 / (std + 1e-4), -0.5 / (std + 1e-4),
        0.5 / (std + 1e-4)}, a[0], 1e-12);
    assertArrayEquals(new double[4], a[1], 0, "a group that all agree teaches nothing");
    assertEquals(0.75 / (0.5 + 1e-4), a[2][3], 1e-12);
  }

  @Test
  void batchScalingUsesOneStdAndNoneOnlyCentres() {
    double[][] none = Advantages.of(REWARDS, ScaleRewards.NONE, 1e-4);
    assertArrayEquals(new double[] {-0.25, -0.25, -0.25, 0.75}, none[2], 1e-12);
    double[][] batch = Advantages.of(REWARDS, ScaleRewards.BATCH, 1e-4);
    double[] all = {1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1};
    double std = Advantages.std(all);
    assertEquals(0.75 / (std + 1e-4), batch[2][3], 1e-12);
  }
}
