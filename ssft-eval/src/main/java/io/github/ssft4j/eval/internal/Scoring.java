package io.github.ssft4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.eval.Estimate;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.eval.Metric;
import io.github.ssft4j.eval.Sample;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.voting.MathAnswerEquivalence;
import io.github.ssft4j.voting.metrics.Bootstrap;
import io.github.ssft4j.voting.metrics.ConsAtK;
import io.github.ssft4j.voting.metrics.PassAtK;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes results from a journal's header and samples alone. Every metric reads the first samples of each tag by
 * sample index, never by arrival order, so results do not depend on scheduling.
 */
final class Scoring {
  static final int RESAMPLES = 2000;

  private final AnswerEquivalence equivalence = new MathAnswerEquivalence();
  private final int tags;

  Scoring(int tags) {
    this.tags = tags;
  }

  static EvaluationResult score(ObjectNode header, List<Sample> samples) {
    int tags = header.get("tags").asInt();
    List<Metric> metrics = new ArrayList<>();
    header.get("protocol").forEach(n -> metrics.add(MetricCodec.read(n)));
    int[] plan = new int[tags + 1];
    for (int t = 0; t <= tags; t++) {
      plan[t] = header.get("plan").get(t).asInt();
    }
    Map<String, List<List<Sample>>> byProblem = new HashMap<>();
    for (Sample s : samples) {
      if (s.tag() > tags) {
        continue;
      }
      byProblem.computeIfAbsent(s.problemId(), k -> emptyTags(tags)).get(s.tag()).add(s);
    }
    Scoring scoring = new Scoring(tags);
    Metric vote = largestVote(metrics);
    List<EvaluationResult.ProblemResult> rows = new ArrayList<>();
    List<double[]> perTagRows = new ArrayList<>();
    int incomplete = 0;
    for (JsonNode p : header.get("problems")) {
      String id = p.get("id").asText();
      List<List<Sample>> byTag = byProblem.getOrDefault(id, emptyTags(tags));
      boolean complete = true;
      for (int t = 0; t <= tags; t++) {
        byTag.get(t).sort(Comparator.comparingInt(Sample::index));
        // the first plan[t] indices must be exactly 0..plan[t]-1
        if (byTag.get(t).size() < plan[t] || plan[t] > 0 && byTag.get(t).get(plan[t] - 1).index() != plan[t] - 1) {
          complete = false;
        }
      }
      if (!complete) {
        incomplete++;
        continue;
      }
      Map<String, Double> scores = new LinkedHashMap<>();
      for (Metric m : metrics) {
        scores.put(m.name(), scoring.score(m, byTag));
      }
      List<Sample> voters = vote != null ? scoring.voters(vote, byTag) : scoring.roundRobin(byTag, plan);
      ConsAtK.Tally tally = scoring.tally(voters);
      Sample winner = winner(voters, tally);
      int n = 0;
      int right = 0;
      double[] tagAcc = new double[tags + 1];
      for (int t = 0; t <= tags; t++) {
        int c = 0;
        for (Sample s : byTag.get(t).subList(0, plan[t])) {
          c += s.correct() ? 1 : 0;
        }
        n += plan[t];
        right += c;
        tagAcc[t] = plan[t] == 0 ? Double.NaN : (double) c / plan[t];
      }
      perTagRows.add(tagAcc);
      rows.add(new EvaluationResult.ProblemResult(id, p.get("answer").asText(), scores,
          winner == null ? "" : winner.answer().raw(), winner != null && winner.correct(), tally.margin(), n, right));
    }
    long seed = header.get("generation").get("seed").asLong();
    Map<String, Estimate> metricValues = new LinkedHashMap<>();
    Map<Integer, Estimate> perTag = new LinkedHashMap<>();
    Estimate margin = null;
    if (!rows.isEmpty()) {
      for (Metric m : metrics) {
        double[] v = rows.stream().mapToDouble(r -> r.scores().get(m.name())).toArray();
        metricValues.put(m.name(), mean(v, seed));
      }
      for (int t = 0; t <= tags; t++) {
        if (plan[t] > 0) {
          int tag = t;
          perTag.put(t, mean(perTagRows.stream().mapToDouble(r -> r[tag]).toArray(), seed));
        }
      }
      margin = mean(rows.stream().mapToDouble(EvaluationResult.ProblemResult::voteMargin).toArray(), seed);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("model", header.path("model").asText());
    settings.put("benchmark", header.path("benchmark").asText());
    settings.put("answer format", header.path("answerFormat").asText());
    settings.put("metrics", String.join(", ", metrics.stream().map(Metric::name).toList()));
    settings.put("samples per problem", Integer.toString(java.util.Arrays.stream(plan).sum()));
    settings.put("samples per tag", java.util.Arrays.toString(plan));
    JsonNode g = header.get("generation");
    settings.put("sampling", "temperature " + g.get("temperature").asDouble() + ", top-p " + g.get("topP").asDouble()
        + (g.get("topK").asInt() > 0 ? ", top-k " + g.get("topK").asInt() : "") + ", max new tokens "
        + g.get("maxNewTokens").asInt() + ", seed " + seed);
    settings.put("system prompt", header.path("systemPrompt").isNull() ? "(none)" : header.path("systemPrompt").asText());
    settings.put("template", header.path("template").asText());
    settings.put("samples per call", header.path("samplesPerCall").asInt() == 0 ? "all of a problem"
        : header.path("samplesPerCall").asText());
    return new EvaluationResult(header.path("benchmark").asText(), settings, rows.size(), incomplete, samples.size(),
        metricValues, perTag, margin, rows);
  }

  static Estimate mean(double[] v, long seed) {
    Bootstrap.Interval i = Bootstrap.meanInterval(v, RESAMPLES, 0.95, seed);
    return new Estimate(i.estimate(), i.lower(), i.upper());
  }

  /** One problem's score under one metric; {@code byTag.get(t)} sorted by index and complete. */
  double score(Metric m, List<List<Sample>> byTag) {
    if (m instanceof Metric.PassAt1 p) {
      return (double) correct(byTag.get(p.tag()).subList(0, p.n())) / p.n();
    }
    if (m instanceof Metric.PassAtK p) {
      return PassAtK.estimate(p.n(), correct(byTag.get(p.tag()).subList(0, p.n())), p.k());
    }
    if (m instanceof Metric.NativeConsAtK p) {
      List<List<ExtractedAnswer>> answersByTag = new ArrayList<>(p.k());
      Map<ExtractedAnswer, Boolean> correct = new java.util.IdentityHashMap<>();
      for (int t = 1; t <= p.k(); t++) {
        List<ExtractedAnswer> answers = new ArrayList<>(p.samplesPerTag());
        for (Sample s : byTag.get(t).subList(0, p.samplesPerTag())) {
          answers.add(s.answer());
          correct.put(s.answer(), s.correct());
        }
        answersByTag.add(answers);
      }
      // the winner is a class's first answer, so its sample's own verdict decides
      return ConsAtK.nativeConsAtK(answersByTag, equivalence, a -> correct.getOrDefault(a, false));
    }
    List<Sample> voters = voters(m, byTag);
    Sample w = winner(voters, tally(voters));
    return w != null && w.correct() ? 1 : 0;
  }

  /** The samples of a single-vote metric (maj@k, Cons@k), in vote order. */
  List<Sample> voters(Metric m, List<List<Sample>> byTag) {
    if (m instanceof Metric.MajAtK p) {
      return byTag.get(p.tag()).subList(0, p.k());
    }
    if (m instanceof Metric.ConsAtK p) {
      int[] counts = TagSchedule.SEQUENTIAL.counts(p.k(), tags, 0L);
      int[] plan = new int[tags + 1];
      System.arraycopy(counts, 0, plan, 1, tags);
      return roundRobin(byTag, plan);
    }
    throw new IllegalArgumentException(m.name() + " is not a single vote");
  }

  /** Sample r of every tag in tag order, for r = 0, 1, ..: the first {@code plan[t]} samples of tag t. */
  List<Sample> roundRobin(List<List<Sample>> byTag, int[] plan) {
    List<Sample> out = new ArrayList<>();
    int max = java.util.Arrays.stream(plan).max().orElse(0);
    for (int r = 0; r < max; r++) {
      for (int t = 0; t < plan.length; t++) {
        if (r < plan[t]) {
          out.add(byTag.get(t).get(r));
        }
      }
    }
    return out;
  }

  ConsAtK.Tally tally(List<Sample> voters) {
    List<ExtractedAnswer> answers = new ArrayList<>(voters.size());
    voters.forEach(s -> answers.add(s.answer()));
    return ConsAtK.tally(answers, equivalence);
  }

  /** The sample whose answer represents the winning class (the class's first member), or null. */
  static Sample winner(List<Sample> voters, ConsAtK.Tally tally) {
    ExtractedAnswer w = tally.winner();
    if (!w.isPresent()) {
      return null;
    }
    for (Sample s : voters) {
      if (s.answer() == w) {
        return s;
      }
    }
    throw new IllegalStateException("winner not among the voters");
  }

  private static Metric largestVote(List<Metric> metrics) {
    Metric best = null;
    for (Metric m : metrics) {
      if (m instanceof Metric.ConsAtK c && (!(best instanceof Metric.ConsAtK b) || c.k() > b.k())) {
        best = m;
      }
    }
    return best;
  }

  private static int correct(List<Sample> samples) {
    int c = 0;
    for (Sample s : samples) {
      c += s.correct() ? 1 : 0;
    }
    return c;
  }

  private static List<List<Sample>> emptyTags(int tags) {
    List<List<Sample>> l = new ArrayList<>(tags + 1);
    for (int t = 0; t <= tags; t++) {
      l.add(new ArrayList<>());
    }
    return l;
  }
}
