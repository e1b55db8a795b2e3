package io.github.ssft4j;

/**
 * How a fine-tuning stage trains: the method, the forking tags and the optimiser. Immutable; every setting has a
 * documented default, so the smallest configuration is {@code TrainingConfig.builder().build()}:
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder()
 *     .steps(600)
 *     .tags(6)
 *     .batchSize(4)
 *     .learningRate(1e-3)
 *     .seed(42)
 *     .build();
 * }</pre>
 *
 * Used by {@link FineTuning} (from {@link ParallelReasoner#finetune(java.nio.file.Path)}) and by the
 * {@code ssft train} command, which shares these defaults.
 */
public final class TrainingConfig {

  /** How the SSFT cost pass lays out its {@code N * M} (tag, trace) segments; the numbers are the same. */
  public enum Packing {
    /** One padded row per segment, plain causal masking: the reference the packed layouts are tested against. */
    NONE,
    /** One row per question holding every {@code prompt + tag + trace prefix} segment, block-diagonal mask. */
    BLOCK_DIAGONAL,
    /** One row per question: the prompt once, then each {@code tag + trace prefix} segment attending to it. */
    SHARED_PROMPT
  }

  private final TrainingMethod method;
  private final ForkingTokens forkingTokens;
  private final int steps;
  private final int batchSize;
  private final int accumulation;
  private final double learningRate;
  private final int warmupSteps;
  private final double minLrRatio;
  private final double weightDecay;
  private final double clipNorm;
  private final int maxSeqLen;
  private final int costPrefixTokens;
  private final Packing packing;
  private final int fixedTag;
  private final int checkpointEvery;
  private final long seed;
  private final int threads;

  private TrainingConfig(Builder b) {
    this.method = b.method;
    this.forkingTokens = b.forkingTokens;
    this.steps = b.steps;
    this.batchSize = b.batchSize;
    this.accumulation = b.accumulation;
    this.learningRate = b.learningRate;
    this.warmupSteps = b.warmupSteps < 0 ? b.steps / 10 : b.warmupSteps;
    this.minLrRatio = b.minLrRatio;
    this.weightDecay = b.weightDecay;
    this.clipNorm = b.clipNorm;
    this.maxSeqLen = b.maxSeqLen;
    this.costPrefixTokens = b.costPrefixTokens;
    this.packing = b.packing;
    this.fixedTag = b.fixedTag;
    this.checkpointEvery = b.checkpointEvery;
    this.seed = b.seed;
    this.threads = b.threads;
  }

  /** @return a builder with every default */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this configuration's settings */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.method = method;
    b.forkingTokens = forkingTokens;
    b.steps = steps;
    b.batchSize = batchSize;
    b.accumulation = accumulation;
    b.learningRate = learningRate;
    b.warmupSteps = warmupSteps;
    b.minLrRatio = minLrRatio;
    b.weightDecay = weightDecay;
    b.clipNorm = clipNorm;
    b.maxSeqLen = maxSeqLen;
    b.costPrefixTokens = costPrefixTokens;
    b.packing = packing;
    b.fixedTag = fixedTag;
    b.checkpointEvery = checkpointEvery;
    b.seed = seed;
    b.threads = threads;
    return b;
  }

  /** @return SSFT or a baseline */
  public TrainingMethod method() {
    return method;
  }

  /** @return the forking tags trained */
  public ForkingTokens forkingTokens() {
    return forkingTokens;
  }

  /** @return optimiser steps */
  public int steps() {
    return steps;
  }

  /** @return questions per micro-batch */
  public int batchSize() {
    return batchSize;
  }

  /** @return micro-batches per optimiser step */
  public int accumulation() {
    return accumulation;
  }

  /** @return the peak learning rate */
  public double learningRate() {
    return learningRate;
  }

  /** @return linear warm-up steps (resolved: 10% of the steps unless set) */
  public int warmupSteps() {
    return warmupSteps;
  }

  /** @return the final learning rate as a share of the peak, reached by cosine decay */
  public double minLrRatio() {
    return minLrRatio;
  }

  /** @return AdamW's decoupled weight decay */
  public double weightDecay() {
    return weightDecay;
  }

  /** @return the global gradient-norm clipping threshold, {@code 0} for none */
  public double clipNorm() {
    return clipNorm;
  }

  /** @return the token budget of one example (prompt, tag and trace) */
  public int maxSeqLen() {
    return maxSeqLen;
  }

  /** @return {@code L}, trace tokens scored in the SSFT cost matrix; {@code 0} for the default */
  public int costPrefixTokens() {
    return costPrefixTokens;
  }

  /** @return the cost pass's layout */
  public Packing packing() {
    return packing;
  }

  /** @return the 1-based tag SFT-mixed trains every trace under */
  public int fixedTag() {
    return fixedTag;
  }

  /** @return steps between resumable checkpoints, {@code 0} for none before the end */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  /** @return the seed of data order, new-token initialisation and random tag assignment */
  public long seed() {
    return seed;
  }

  /** @return PyTorch intra-op threads, {@code 0} to let the trainer choose */
  public int threads() {
    return threads;
  }

  @Override
  public String toString() {
    return "TrainingConfig{method=" + method + ", tags=" + forkingTokens.count() + ", steps=" + steps
        + ", batchSize=" + batchSize + ", accumulation=" + accumulation + ", learningRate=" + learningRate
        + ", warmupSteps=" + warmupSteps + ", minLrRatio=" + minLrRatio + ", weightDecay=" + weightDecay
        + ", clipNorm=" + clipNorm + ", maxSeqLen=" + maxSeqLen + ", costPrefixTokens=" + costPrefixTokens
        + ", packing=" + packing + ", fixedTag=" + fixedTag + ", checkpointEvery=" + checkpointEvery
        + ", seed=" + seed + ", threads=" + threads + "}";
  }

  /** Collects settings; {@link #build()} validates them, naming the field at fault. */
  public static final class Builder {
    private TrainingMethod method = TrainingMethod.SSFT;
    private ForkingTokens forkingTokens = ForkingTokens.DEFAULT;
    private int steps = 600;
    private int batchSize = 4;
    private int accumulation = 1;
    private double learningRate = 1e-3;
    private int warmupSteps = -1;
    private double minLrRatio = 0.1;
    private double weightDecay = 0.01;
    private double clipNorm = 1.0;
    private int maxSeqLen = 256;
    private int costPrefixTokens;
    private Packing packing = Packing.SHARED_PROMPT;
    private int fixedTag = 1;
    private int checkpointEvery = 100;
    private long seed;
    private int threads;

    private Builder() {}

    /**
     * @param value SSFT (default) or a baseline; {@link FineTuning#ssft}, {@link FineTuning#sftMixed} and
     *     {@link FineTuning#randomTags} set it for you
     * @return this builder
     */
    public Builder method(TrainingMethod value) {
      this.method = Checks.notNull("method", value);
      return this;
    }

    /**
     * @param count the number of forking tags {@code N}, in the default format {@code <think1>..}; default 6
     * @return this builder
     */
    public Builder tags(int count) {
      this.forkingTokens = ForkingTokens.of(Checks.positive("tags", count));
      return this;
    }

    /**
     * @param value the forking tags with their text format; default {@link ForkingTokens#DEFAULT}
     * @return this builder
     */
    public Builder forkingTokens(ForkingTokens value) {
      this.forkingTokens = Checks.notNull("forkingTokens", value);
      return this;
    }

    /**
     * @param value optimiser steps; default 600
     * @return this builder
     */
    public Builder steps(int value) {
      this.steps = value;
      return this;
    }

    /**
     * @param value questions per micro-batch (each with all its traces); default 4
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * @param value micro-batches whose gradients are summed per optimiser step; default 1
     * @return this builder
     */
    public Builder accumulation(int value) {
      this.accumulation = value;
      return this;
    }

    /**
     * @param value the peak learning rate of AdamW; default {@code 1e-3} (small models; lower it for large ones)
     * @return this builder
     */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /**
     * @param value linear warm-up steps, below {@code steps}; default 10% of the steps
     * @return this builder
     */
    public Builder warmupSteps(int value) {
      this.warmupSteps = value;
      return this;
    }

    /**
     * @param value the final learning rate as a share of the peak, in {@code [0, 1]}; default 0.1
     * @return this builder
     */
    public Builder minLrRatio(double value) {
      this.minLrRatio = value;
      return this;
    }

    /**
     * @param value AdamW's decoupled weight decay, {@code >= 0}; default 0.01
     * @return this builder
     */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /**
     * @param value gradient-norm clipping threshold, {@code 0} for none; default 1.0
     * @return this builder
     */
    public Builder clipNorm(double value) {
      this.clipNorm = value;
      return this;
    }

    /**
     * @param value token budget of one example, {@code >= 8}; longer examples are cut; default 256
     * @return this builder
     */
    public Builder maxSeqLen(int value) {
      this.maxSeqLen = value;
      return this;
    }

    /**
     * @param value {@code L}, the trace tokens scored per (tag, trace) pair in the SSFT cost matrix; default
     *     {@code 0}: {@code floor(maxSeqLen / (N * M))}
     * @return this builder
     */
    public Builder costPrefixTokens(int value) {
      this.costPrefixTokens = value;
      return this;
    }

    /**
     * @param value the cost pass's layout; default {@link Packing#SHARED_PROMPT} (fewest tokens)
     * @return this builder
     */
    public Builder packing(Packing value) {
      this.packing = Checks.notNull("packing", value);
      return this;
    }

    /**
     * @param value the 1-based tag SFT-mixed trains under; default 1
     * @return this builder
     */
    public Builder fixedTag(int value) {
      this.fixedTag = value;
      return this;
    }

    /**
     * @param value steps between resumable checkpoints, {@code 0} for none before the end; default 100
     * @return this builder
     */
    public Builder checkpointEvery(int value) {
      this.checkpointEvery = value;
      return this;
    }

    /**
     * @param value seeds data order, new-token initialisation and random tag assignment; default 0
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * @param value PyTorch intra-op threads, {@code 0} to let the trainer choose (one thread for small models,
     *     where more threads cost more than they save, all cores for large ones); default 0
     * @return this builder
     */
    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    /**
     * @return the configuration
     * @throws InvalidArgumentException naming the first field out of range
     */
    public TrainingConfig build() {
      Checks.positive("steps", steps);
      Checks.positive("batchSize", batchSize);
      Checks.positive("accumulation", accumulation);
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new InvalidArgumentException("learningRate must be a finite number > 0, got " + learningRate);
      }
      if (warmupSteps < -1 || warmupSteps >= steps) {
        throw new InvalidArgumentException("warmupSteps must be in 0.." + (steps - 1) + " (or -1 for 10% of the steps), got " + warmupSteps);
      }
      if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
        throw new InvalidArgumentException("minLrRatio must be in [0, 1], got " + minLrRatio);
      }
      if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
        throw new InvalidArgumentException("weightDecay must be a finite number >= 0, got " + weightDecay);
      }
      if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
        throw new InvalidArgumentException("clipNorm must be a finite number >= 0, got " + clipNorm);
      }
      if (maxSeqLen < 8) {
        throw new InvalidArgumentException("maxSeqLen must be >= 8, got " + maxSeqLen);
      }
      Checks.nonNegative("costPrefixTokens", costPrefixTokens);
      if (fixedTag < 1 || fixedTag > forkingTokens.count()) {
        throw new InvalidArgumentException("fixedTag must be in 1.." + forkingTokens.count() + ", got " + fixedTag);
      }
      Checks.nonNegative("checkpointEvery", checkpointEvery);
      Checks.nonNegative("threads", threads);
      return new TrainingConfig(this);
    }
  }
}
