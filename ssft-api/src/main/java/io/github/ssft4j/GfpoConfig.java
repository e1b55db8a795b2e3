package io.github.ssft4j;

import java.util.Locale;

/**
 * Settings of a GFPO run (Global Forking Policy Optimization: GRPO on the choice of forking tag) or, with
 * {@link Scope#FULL}, of plain GRPO over every completion token. Immutable; build with {@link #builder()}, where
 * every setting has a documented default:
 *
 * <pre>{@code
 * GfpoConfig config = GfpoConfig.builder()
 *     .steps(40)
 *     .questionsPerStep(8)
 *     .groupSize(6)
 *     .learningRate(2e-4)
 *     .rollout(GenerationOptions.DEFAULT.withMaxNewTokens(512))
 *     .build();
 * }</pre>
 *
 * <p>Each step takes {@link #questionsPerStep()} questions {@code B}; for each it computes the policy
 * {@code pi(tag | question)} (the model's {@link ForkDistribution} renormalised over the tags), draws
 * {@link #groupSize()} tags {@code G} from it, rolls every branch out (prefill once, fork, sample with
 * {@link #rollout()}), and rewards each by verified correctness against the gold answer (1 or 0, minus
 * {@link #formatPenalty()} when no answer is found). Advantages are the rewards minus their group mean, divided by
 * a standard deviation chosen by {@link #scaleRewards()} plus {@link #epsilon()}. The loss is
 * {@code -A * log pi(tag)} averaged over the {@code B * G} samples ({@link Scope#FORK}: only the tag's
 * log-probability gets gradient), optionally PPO-clipped over {@link #innerIterations()} passes on the same
 * rollouts, plus {@link #klCoefficient()} times the exact KL divergence from the starting model's fork
 * distribution, plus {@link #traceKlCoefficient()} times a per-token KL from the starting model on the rollouts'
 * completion tokens (which keeps the traces as they were while the fork's shared weights move).
 */
public final class GfpoConfig {
  /** What the policy gradient flows through. */
  public enum Scope {
    /** GFPO: only the chosen tag's log-probability at the fork (the rollouts only give rewards). */
    FORK,
    /** Plain GRPO: the tag and every completion token, aggregated by {@link LossType}. */
    FULL
  }

  /** Which parameters the optimiser updates. */
  public enum Trainable {
    /** Every parameter, as the paper trains. */
    ALL,
    /**
     * Only the output head ({@code lm_head}, or the tied embedding). With {@link Scope#FORK} its gradient is exactly
     * zero outside the tags' rows (the renormalised policy cancels the rest of the vocabulary), so only the tags'
     * output rows move and the reasoning traces stay as SSFT left them.
     */
    HEAD
  }

  /** How {@link Scope#FULL} aggregates per-token losses (TRL's {@code loss_type}). */
  public enum LossType {
    /** Mean over each completion's tokens, then over completions. */
    GRPO,
    /** Sum over every token of the step divided by the step's token count (token-level, DAPO). */
    DAPO,
    /** Sum over every token divided by {@code completions * maxNewTokens} (Dr. GRPO). */
    DR_GRPO
  }

  /** The standard deviation advantages are divided by (TRL's {@code scale_rewards}). */
  public enum ScaleRewards {
    /** Each question's group of {@code G} rewards. */
    GROUP,
    /** All {@code B * G} rewards of the step. */
    BATCH,
    /** None: advantages are the rewards minus their group mean. */
    NONE
  }

  /** Every default. */
  public static final GfpoConfig DEFAULT = builder().build();

  private final Scope scope;
  private final Trainable trainable;
  private final LossType lossType;
  private final int steps;
  private final int questionsPerStep;
  private final int groupSize;
  private final double learningRate;
  private final int warmupSteps;
  private final double weightDecay;
  private final double clipNorm;
  private final ScaleRewards scaleRewards;
  private final double epsilon;
  private final int innerIterations;
  private final double clipEpsilon;
  private final double klCoefficient;
  private final double traceKlCoefficient;
  private final double formatPenalty;
  private final GenerationOptions rollout;
  private final String systemPrompt;
  private final int checkpointEvery;
  private final long seed;

  private GfpoConfig(Builder b) {
    this.scope = b.scope;
    this.trainable = b.trainable;
    this.lossType = b.lossType;
    this.steps = b.steps;
    this.questionsPerStep = b.questionsPerStep;
    this.groupSize = b.groupSize;
    this.learningRate = b.learningRate;
    this.warmupSteps = b.warmupSteps;
    this.weightDecay = b.weightDecay;
    this.clipNorm = b.clipNorm;
    this.scaleRewards = b.scaleRewards;
    this.epsilon = b.epsilon;
    this.innerIterations = b.innerIterations;
    this.clipEpsilon = b.clipEpsilon;
    this.klCoefficient = b.klCoefficient;
    this.traceKlCoefficient = b.traceKlCoefficient;
    this.formatPenalty = b.formatPenalty;
    this.rollout = b.rollout;
    this.systemPrompt = b.systemPrompt;
    this.checkpointEvery = b.checkpointEvery;
    this.seed = b.seed;
  }

  /** @return a builder with every default */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder starting from this configuration */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.scope = scope;
    b.trainable = trainable;
    b.lossType = lossType;
    b.steps = steps;
    b.questionsPerStep = questionsPerStep;
    b.groupSize = groupSize;
    b.learningRate = learningRate;
    b.warmupSteps = warmupSteps;
    b.weightDecay = weightDecay;
    b.clipNorm = clipNorm;
    b.scaleRewards = scaleRewards;
    b.epsilon = epsilon;
    b.innerIterations = innerIterations;
    b.clipEpsilon = clipEpsilon;
    b.klCoefficient = klCoefficient;
    b.traceKlCoefficient = traceKlCoefficient;
    b.formatPenalty = formatPenalty;
    b.rollout = rollout;
    b.systemPrompt = systemPrompt;
    b.checkpointEvery = checkpointEvery;
    b.seed = seed;
    return b;
  }

  /** @return what gets gradient; default {@link Scope#FORK} (GFPO) */
  public Scope scope() {
    return scope;
  }

  /** @return which parameters are updated; default {@link Trainable#ALL} */
  public Trainable trainable() {
    return trainable;
  }

  /** @return the token aggregation of {@link Scope#FULL}; default {@link LossType#DAPO} */
  public LossType lossType() {
    return lossType;
  }

  /** @return optimiser steps; default 20 */
  public int steps() {
    return steps;
  }

  /** @return questions per step {@code B}; default 8 */
  public int questionsPerStep() {
    return questionsPerStep;
  }

  /** @return tags sampled (and branches rolled out) per question {@code G}; default 6 */
  public int groupSize() {
    return groupSize;
  }

  /** @return AdamW's learning rate (constant after the warm-up); default {@code 2e-4} */
  public double learningRate() {
    return learningRate;
  }

  /** @return linear warm-up steps; default 0 */
  public int warmupSteps() {
    return warmupSteps;
  }

  /** @return AdamW's decoupled weight decay; default 0 */
  public double weightDecay() {
    return weightDecay;
  }

  /** @return global gradient-norm clipping threshold, 0 for none; default 1 */
  public double clipNorm() {
    return clipNorm;
  }

  /** @return how advantages are scaled; default {@link ScaleRewards#GROUP} */
  public ScaleRewards scaleRewards() {
    return scaleRewards;
  }

  /** @return added to the standard deviation before dividing; default {@code 1e-4} (as TRL) */
  public double epsilon() {
    return epsilon;
  }

  /**
   * @return optimiser passes over each step's rollouts; default 1. With one pass the importance ratio is exactly 1
   *     and {@link #clipEpsilon()} has no effect (PPO clipping is off)
   */
  public int innerIterations() {
    return innerIterations;
  }

  /** @return PPO clip range: ratios outside {@code [1 - e, 1 + e]} get no gradient; default 0.2 */
  public double clipEpsilon() {
    return clipEpsilon;
  }

  /**
   * @return weight of the KL divergence from the starting model's fork distribution ({@link Scope#FORK}: exact over
   *     the tags; {@link Scope#FULL}: the same, plus TRL's per-token {@code k3} estimate on completion tokens);
   *     default 0 (off, so no reference model is loaded)
   */
  public double klCoefficient() {
    return klCoefficient;
  }

  /**
   * With {@link Scope#FORK}: weight of TRL's per-token {@code k3} estimate of the KL divergence from the starting
   * model on every completion token of the step's rollouts (mean over the step's tokens). It carries no policy
   * gradient: it only pulls the completions' token distributions back to the starting model's, so that training
   * {@link Trainable#ALL} parameters for the fork (whose gradient moves weights every position shares) does not
   * rewrite the reasoning traces the tags select. Default 0 (off). With {@link Scope#FULL} the tokens' KL is
   * {@link #klCoefficient()}'s, so this must be 0.
   *
   * @return the trace KL weight
   */
  public double traceKlCoefficient() {
    return traceKlCoefficient;
  }

  /** @return subtracted from the reward (0) of a rollout with no answer; default 0 (no penalty) */
  public double formatPenalty() {
    return formatPenalty;
  }

  /**
   * @return how rollouts are sampled (temperature, top-p, token budget, seed offset); default
   *     {@link GenerationOptions#DEFAULT} (T 0.7, top-p 0.95, 1024 new tokens). Each question of each step gets its
   *     own seed derived from {@link #seed()}, the step and the question
   */
  public GenerationOptions rollout() {
    return rollout;
  }

  /**
   * @return the system message put before a question whose record has none, or {@code null} for none; default
   *     {@link ParallelReasoner#DEFAULT_SYSTEM_PROMPT}
   */
  public String systemPrompt() {
    return systemPrompt;
  }

  /** @return steps between resumable checkpoints, 0 for none; default 50 */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  /** @return seeds question order, tag draws and rollouts; default 0 */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "GfpoConfig[scope=%s, trainable=%s, lossType=%s, steps=%d, B=%d, G=%d, "
        + "lr=%.3g, warmup=%d, weightDecay=%.3g, clipNorm=%.3g, scale=%s, epsilon=%.3g, innerIterations=%d, "
        + "clip=%.3g, kl=%.3g, traceKl=%.3g, formatPenalty=%.3g, rollout=%s, checkpointEvery=%d, seed=%d]", scope,
        trainable, lossType, steps, questionsPerStep, groupSize, learningRate, warmupSteps, weightDecay, clipNorm,
        scaleRewards, epsilon, innerIterations, clipEpsilon, klCoefficient, traceKlCoefficient, formatPenalty,
        rollout, checkpointEvery, seed);
  }

  /** Builds a {@link GfpoConfig}; {@link #build()} validates every field and names the one at fault. */
  public static final class Builder {
    private Scope scope = Scope.FORK;
    private Trainable trainable = Trainable.ALL;
    private LossType lossType = LossType.DAPO;
    private int steps = 20;
    private int questionsPerStep = 8;
    private int groupSize = 6;
    private double learningRate = 2e-4;
    private int warmupSteps = 0;
    private double weightDecay = 0;
    private double clipNorm = 1;
    private ScaleRewards scaleRewards = ScaleRewards.GROUP;
    private double epsilon = 1e-4;
    private int innerIterations = 1;
    private double clipEpsilon = 0.2;
    private double klCoefficient = 0;
    private double traceKlCoefficient = 0;
    private double formatPenalty = 0;
    private GenerationOptions rollout = GenerationOptions.DEFAULT;
    private String systemPrompt = ParallelReasoner.DEFAULT_SYSTEM_PROMPT;
    private int checkpointEvery = 50;
    private long seed = 0;

    private Builder() {}

    /** @param value {@link GfpoConfig#scope()} @return this builder */
    public Builder scope(Scope value) {
      this.scope = Checks.notNull("scope", value);
      return this;
    }

    /** @param value {@link GfpoConfig#trainable()} @return this builder */
    public Builder trainable(Trainable value) {
      this.trainable = Checks.notNull("trainable", value);
      return this;
    }

    /** @param value {@link GfpoConfig#lossType()} @return this builder */
    public Builder lossType(LossType value) {
      this.lossType = Checks.notNull("lossType", value);
      return this;
    }

    /** @param value {@link GfpoConfig#steps()}, {@code >= 1} @return this builder */
    public Builder steps(int value) {
      this.steps = value;
      return this;
    }

    /** @param value {@link GfpoConfig#questionsPerStep()}, {@code >= 1} @return this builder */
    public Builder questionsPerStep(int value) {
      this.questionsPerStep = value;
      return this;
    }

    /** @param value {@link GfpoConfig#groupSize()}, {@code >= 2} @return this builder */
    public Builder groupSize(int value) {
      this.groupSize = value;
      return this;
    }

    /** @param value {@link GfpoConfig#learningRate()}, {@code > 0} @return this builder */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** @param value {@link GfpoConfig#warmupSteps()}, {@code 0 <= value < steps} @return this builder */
    public Builder warmupSteps(int value) {
      this.warmupSteps = value;
      return this;
    }

    /** @param value {@link GfpoConfig#weightDecay()}, {@code >= 0} @return this builder */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /** @param value {@link GfpoConfig#clipNorm()}, {@code >= 0} @return this builder */
    public Builder clipNorm(double value) {
      this.clipNorm = value;
      return this;
    }

    /** @param value {@link GfpoConfig#scaleRewards()} @return this builder */
    public Builder scaleRewards(ScaleRewards value) {
      this.scaleRewards = Checks.notNull("scaleRewards", value);
      return this;
    }

    /** @param value {@link GfpoConfig#epsilon()}, {@code > 0} @return this builder */
    public Builder epsilon(double value) {
      this.epsilon = value;
      return this;
    }

    /** @param value {@link GfpoConfig#innerIterations()}, {@code >= 1} @return this builder */
    public Builder innerIterations(int value) {
      this.innerIterations = value;
      return this;
    }

    /** @param value {@link GfpoConfig#clipEpsilon()}, in {@code (0, 1)} @return this builder */
    public Builder clipEpsilon(double value) {
      this.clipEpsilon = value;
      return this;
    }

    /** @param value {@link GfpoConfig#klCoefficient()}, {@code >= 0} @return this builder */
    public Builder klCoefficient(double value) {
      this.klCoefficient = value;
      return this;
    }

    /**
     * @param value {@link GfpoConfig#traceKlCoefficient()}, {@code >= 0}, only with {@link Scope#FORK}
     * @return this builder
     */
    public Builder traceKlCoefficient(double value) {
      this.traceKlCoefficient = value;
      return this;
    }

    /** @param value {@link GfpoConfig#formatPenalty()}, {@code >= 0} @return this builder */
    public Builder formatPenalty(double value) {
      this.formatPenalty = value;
      return this;
    }

    /** @param value {@link GfpoConfig#rollout()} @return this builder */
    public Builder rollout(GenerationOptions value) {
      this.rollout = Checks.notNull("rollout", value);
      return this;
    }

    /** @param value {@link GfpoConfig#systemPrompt()}, {@code null} for none @return this builder */
    public Builder systemPrompt(String value) {
      this.systemPrompt = value;
      return this;
    }

    /** @param value {@link GfpoConfig#checkpointEvery()}, {@code >= 0} @return this builder */
    public Builder checkpointEvery(int value) {
      this.checkpointEvery = value;
      return this;
    }

    /** @param value {@link GfpoConfig#seed()} @return this builder */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * @return the configuration
     * @throws InvalidArgumentException naming the first field out of range
     */
    public GfpoConfig build() {
      Checks.positive("steps", steps);
      Checks.positive("questionsPerStep", questionsPerStep);
      if (groupSize < 2) {
        throw new InvalidArgumentException("groupSize must be >= 2 (advantages compare a group), got " + groupSize);
      }
      finitePositive("learningRate", learningRate);
      if (warmupSteps < 0 || warmupSteps >= steps) {
        throw new InvalidArgumentException("warmupSteps must be in 0.." + (steps - 1) + ", got " + warmupSteps);
      }
      nonNegative("weightDecay", weightDecay);
      nonNegative("clipNorm", clipNorm);
      finitePositive("epsilon", epsilon);
      Checks.positive("innerIterations", innerIterations);
      if (!(clipEpsilon > 0 && clipEpsilon < 1)) {
        throw new InvalidArgumentException("clipEpsilon must be in (0, 1), got " + clipEpsilon);
      }
      nonNegative("klCoefficient", klCoefficient);
      nonNegative("traceKlCoefficient", traceKlCoefficient);
      if (traceKlCoefficient > 0 && scope != Scope.FORK) {
        throw new InvalidArgumentException("traceKlCoefficient applies to scope FORK; with scope " + scope
            + " the completion tokens' KL is klCoefficient's, got traceKlCoefficient " + traceKlCoefficient);
      }
      nonNegative("formatPenalty", formatPenalty);
      Checks.nonNegative("checkpointEvery", checkpointEvery);
      return new GfpoConfig(this);
    }

    private static void finitePositive(String field, double v) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new InvalidArgumentException(field + " must be a finite number > 0, got " + v);
      }
    }

    private static void nonNegative(String field, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new InvalidArgumentException(field + " must be a finite number >= 0, got " + v);
      }
    }
  }
}
