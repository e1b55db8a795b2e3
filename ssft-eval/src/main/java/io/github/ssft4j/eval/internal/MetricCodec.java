package io.github.ssft4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.Metric;

/** Metrics to and from the journal header's JSON. */
final class MetricCodec {
  private MetricCodec() {}

  static ObjectNode write(ObjectMapper json, Metric m) {
    ObjectNode n = json.createObjectNode();
    if (m instanceof Metric.PassAt1 p) {
      n.put("metric", "pass@1").put("tag", p.tag()).put("n", p.n());
    } else if (m instanceof Metric.PassAtK p) {
      n.put("metric", "pass@k").put("tag", p.tag()).put("n", p.n()).put("k", p.k());
    } else if (m instanceof Metric.MajAtK p) {
      n.put("metric", "maj@k").put("tag", p.tag()).put("k", p.k());
    } else if (m instanceof Metric.NativeConsAtK p) {
      n.put("metric", "native-cons@k").put("k", p.k()).put("samplesPerTag", p.samplesPerTag());
    } else if (m instanceof Metric.ConsAtK p) {
      n.put("metric", "cons@k").put("k", p.k());
    }
    return n;
  }

  static Metric read(JsonNode n) {
    String kind = n.path("metric").asText();
    return switch (kind) {
      case "pass@1" -> new Metric.PassAt1(n.path("tag").asInt(), n.path("n").asInt());
      case "pass@k" -> new Metric.PassAtK(n.path("tag").asInt(), n.path("n").asInt(), n.path("k").asInt());
      case "maj@k" -> new Metric.MajAtK(n.path("tag").asInt(), n.path("k").asInt());
      case "native-cons@k" -> new Metric.NativeConsAtK(n.path("k").asInt(), n.path("samplesPerTag").asInt());
      case "cons@k" -> new Metric.ConsAtK(n.path("k").asInt());
      default -> throw new EvaluationException("unknown metric in journal header: " + n);
    };
  }
}
