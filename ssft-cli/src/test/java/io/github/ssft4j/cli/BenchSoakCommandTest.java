package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short {@code ssft bench soak}: every kind of call, no error, the key=value last line and the JSON. */
class BenchSoakCommandTest {
  @Test
  void aShortSoakRunsEveryKindOfCallWithoutErrors(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("m"));
    Path json = tmp.resolve("soak.json");
    String out = SsftCommandTest.run(0, "bench", "soak", "--model", dir.toString(), "--threads", "2", "--minutes",
        "0.1", "--sample-seconds", "1", "--max-new-tokens", "24", "--json", json.toString());
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.matches("errors=0 calls=\\d+ p50_ms=[0-9.]+ p99_ms=[0-9.]+ rss_growth_after_warmup=\\S+"), out);
    for (String kind : new String[] {"consensus", "generate", "verify", "cancelled", "timeout"}) {
      assertTrue(out.lines().anyMatch(l -> l.startsWith(kind + " ") && !l.contains("calls=0 ")), kind + "\n" + out);
    }
    assertTrue(Files.readString(json).contains("\"rssGrowthAfterWarmup\""));
  }
}
