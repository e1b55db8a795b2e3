package io.github.ssft4j.train.internal.gfpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.train.internal.model.ForkScorer;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import io.github.ssft4j.train.internal.model.SequenceScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * The GFPO / GRPO objective of one step, as TRL's GRPO defines its per-token loss: with the importance ratio
 * {@code r = exp(log pi - log pi_old)}, {@code -min(r * A, clip(r, 1 - e, 1 + e) * A)}.
 *
 * <ul>
 *   <li>{@link GfpoConfig.Scope#FORK}: one term per branch, its tag under the renormalised fork policy, averaged
 *       over the {@code B * G} branches; the rollouts only supplied the advantages. KL: the exact
 *       {@code sum_i pi(i) (log pi(i) - log pi_ref(i))} over the tags, averaged over questions; with
 *       {@link GfpoConfig#traceKlCoefficient()} also TRL's {@code k3} on every completion token, averaged over the
 *       step's tokens (no advantage on them: it only holds the traces to the starting model's).</li>
 *   <li>{@link GfpoConfig.Scope#FULL}: the tag's term plus one per completion token (each under the full
 *       vocabulary softmax given the prompt, branch prefix and earlier tokens), aggregated by
 *       {@link GfpoConfig.LossType}; KL adds TRL's per-token {@code k3 = exp(ref - lp) - (ref - lp) - 1}.</li>
 * </ul>
 * With {@code old == null} the old log-probabilities are the current ones detached (the first inner iteration:
 * {@code r = 1}, gradient {@code -A * grad log pi}).
 */
final class GfpoLoss {
  private final Qwen2Model model;
  private final ForkScorer scorer;
  private final GfpoConfig config;

  GfpoLoss(Qwen2Model model, ForkScorer scorer, GfpoConfig config) {
    this.model = model;
    this.scorer = scorer;
    this.config = config;
  }

  /**
   * The log-probabilities a later inner iteration compares against, and the reference model's.
   *
   * @param fork {@code [B * G]} log pi_old(tag) of each branch
   * @param tokens {@code [R * T]} completion-token log-probabilities in the full batch's layout, or {@code null}
   */
  record Old(float[] fork, float[] tokens) {}

  /**
   * @param fork {@code [B * N]} the reference model's log pi_ref over the tags
   * @param tokens {@code [R * T]} its completion-token log-probabilities (full scope), or {@code null}
   */
  record Reference(float[] fork, float[] tokens) {}

  /**
   * @param loss the scalar to minimise, differentiable
   * @param old the values to pass as {@code old} in later inner iterations
   * @param meanRatioClipped share of terms whose ratio fell outside the clip range
   */
  record Result(NDArray loss, Old old, double meanRatioClipped) {}

  Result loss(NDManager m, StepBatch batch, Old old, Reference reference) {
    int b = batch.questions();
    int g = batch.group();
    int n = scorer.tags().count();
    long[] index = new long[b * g];
    for (int q = 0; q < b; q++) {
      for (int j = 0; j < g; j++) {
        index[q * g + j] = batch.tags()[q][j];
      }
    }
    NDArray logPi = scorer.tagLogProbs(m, batch.prompts()).logSoftmax(1); // [B, N]
    NDArray chosen = logPi.gather(m.create(index, new Shape(b, g)), 1); // [B, G]
    NDArray advantages = m.create(StepBatch.flat(batch.advantages()), new Shape(b, g));
    NDArray oldFork = old == null ? chosen.stopGradient() : m.create(old.fork(), new Shape(b, g));
    Surrogate fork = surrogate(m, chosen, oldFork, advantages);
    NDArray klFork = null;
    if (config.klCoefficient() > 0) {
      NDArray ref = m.create(reference.fork(), new Shape(b, n));
      klFork = logPi.exp().mul(logPi.sub(ref)).sum(new int[] {1}).mean();
    }
    float[] oldForkValues = old == null ? chosen.toFloatArray() : old.fork();
    if (config.scope() == GfpoConfig.Scope.FORK) {
      NDArray loss = fork.perTerm().mean();
      if (klFork != null) {
        loss = loss.add(klFork.mul(m.create((float) config.klCoefficient())));
      }
      if (config.traceKlCoefficient() > 0) {
        SequenceScorer.Batch tokens = completionBatch(m, batch);
        NDArray lp = new SequenceScorer(model).tokenNll(tokens).neg();
        NDArray mask = tokens.mask();
        NDArray k3 = k3(m, m.create(reference.tokens(), lp.getShape()), lp).mul(mask);
        NDArray traceKl = k3.sum().div(mask.sum().maximum(m.create(1f)));
        loss = loss.add(traceKl.mul(m.create((float) config.traceKlCoefficient())));
      }
      return new Result(loss, new Old(oldForkValues, null), fork.clipped() / (double) (b * g));
    }

    // Full scope: every completion token too.
    SequenceScorer.Batch tokens = completionBatch(m, batch);
    NDArray lp = new SequenceScorer(model).tokenNll(tokens).neg(); // [R, T], 0 where not a completion token
    NDArray mask = tokens.mask();
    Shape shape = lp.getShape();
    NDArray oldTok = old == null ? lp.stopGradient() : m.create(old.tokens(), shape);
    NDArray rowAdvantages = advantages.reshape(b * g, 1);
    Surrogate tok = surrogate(m, lp, oldTok, rowAdvantages);
    NDArray perToken = tok.perTerm().mul(mask);
    if (config.klCoefficient() > 0) {
      NDArray k3 = k3(m, m.create(reference.tokens(), shape), lp).mul(mask);
      perToken = perToken.add(k3.mul(m.create((float) config.klCoefficient())));
    }
    NDArray tagTerm = fork.perTerm().reshape(b * g); // one more term per completion: its tag
    NDArray rowSums = perToken.sum(new int[] {1}).add(tagTerm);
    NDArray counts = mask.sum(new int[] {1}).add(m.create(1f));
    NDArray loss = switch (config.lossType()) {
      case GRPO -> rowSums.div(counts).mean();
      case DAPO -> rowSums.sum().div(counts.sum());
      case DR_GRPO -> rowSums.sum().div(m.create((float) (b * g) * (config.rollout().maxNewTokens() + 1)));
    };
    if (klFork != null) {
      loss = loss.add(klFork.mul(m.create((float) config.klCoefficient())));
    }
    float[] oldTokValues = old == null ? lp.toFloatArray() : old.tokens();
    double clipped = (fork.clipped() + tok.clipped()) / (double) (b * g + mask.sum().getFloat());
    return new Result(loss, new Old(oldForkValues, oldTokValues), clipped);
  }

  /** TRL's per-token KL estimate {@code exp(ref - lp) - (ref - lp) - 1}: non-negative, 0 where they agree. */
  private static NDArray k3(NDManager m, NDArray ref, NDArray lp) {
    NDArray diff = ref.sub(lp);
    return diff.exp().sub(diff).sub(m.create(1f));
  }

  /** The reference model's values for {@code batch}, computed without gradients. */
  static Reference reference(Qwen2Model referenceModel, ForkScorer referenceScorer, StepBatch batch,
      GfpoConfig config) {
    try (NDManager m = referenceModel.manager().newSubManager()) {
      float[] fork = referenceScorer.tagLogProbs(m, batch.prompts()).logSoftmax(1).toFloatArray();
      float[] tokens = null;
      if (config.scope() == GfpoConfig.Scope.FULL || config.traceKlCoefficient() > 0) {
        tokens = new SequenceScorer(referenceModel).tokenNll(completionBatch(m, batch)).neg().toFloatArray();
      }
      return new Reference(fork, tokens);
    }
  }

  /** Row {@code q * G + j}: prompt {@code q} and its branch prefix, then branch {@code j}'s completion. */
  static SequenceScorer.Batch completionBatch(NDManager m, StepBatch batch) {
    List<long[]> contexts = new ArrayList<>();
    List<long[]> targets = new ArrayList<>();
    for (int q = 0; q < batch.questions(); q++) {
      for (int j = 0; j < batch.group(); j++) {
        long[] prompt = batch.prompts().get(q);
        long[] prefix = batch.branchPrefixes()[batch.tags()[q][j]];
        long[] context = java.util.Arrays.copyOf(prompt, prompt.length + prefix.length);
        System.arraycopy(prefix, 0, context, prompt.length, prefix.length);
        contexts.add(context);
        targets.add(batch.completions()[q][j]);
      }
    }
    return SequenceScorer.batch(m, contexts, targets, 0);
  }

  private record Surrogate(NDArray perTerm, long clipped) {}

  private Surrogate surrogate(NDManager m, NDArray logProbs, NDArray oldLogProbs, NDArray advantages) {
    NDArray ratio = logProbs.sub(oldLogProbs).exp();
    NDArray low = m.create((float) (1 - config.clipEpsilon()));
    NDArray high = m.create((float) (1 + config.clipEpsilon()));
    NDArray clippedRatio = ratio.maximum(low).minimum(high);
    NDArray perTerm = ratio.mul(advantages).minimum(clippedRatio.mul(advantages)).neg();
    NDArray outside = ratio.lt(low).logicalOr(ratio.gt(high));
    return new Surrogate(perTerm, outside.toType(ai.djl.ndarray.types.DataType.INT64, false).sum().getLong());
  }
}
