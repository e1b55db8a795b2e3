package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

  @Test
  void verifiesTheDevCasesWithOneLinePerCaseAndAnAgreementLine() {
    String out = SsftCommandTest.run(0, "verify", "--cases", Fixtures.answerCases().toString());
    List<String> lines = out.lines().toList();
    assertEquals(251, lines.size(), "250 case lines and the agreement line");
    assertTrue(lines.get(0).matches("0\\t\\S+\\t(MATCH|NO_MATCH)\\texpected=[01]\\t(agree|DISAGREE)\\tgold=.*\\tpred=.*"),
        lines.get(0));
    Matcher m = Pattern.compile("agreement=(\\d+)/250 \\((\\d+\\.\\d)%\\)").matcher(lines.get(250));
    assertTrue(m.matches(), lines.get(250));
    assertTrue(Integer.parseInt(m.group(1)) >= 238, lines.get(250));
  }

  @Test
  void aCaseWithoutExpectedVerdictIsCountedOut(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cases.json");
    Files.writeString(file, "[{\"gold\": \"$\\\\frac{1}{2}$\", \"pred\": \"so \\\\boxed{0.5}\"},"
        + " {\"gold\": \"3\", \"pred\": \"it is 4\", \"match_types\": [\"expr\"], \"expected\": 0}]");
    String out = SsftCommandTest.run(0, "verify", "--cases", file.toString());
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(0).contains("\tMATCH\texpected=-\t-\t"), lines.get(0));
    assertTrue(lines.get(1).contains("\tNO_MATCH\texpected=0\tagree\t"), lines.get(1));
    assertEquals("agreement=1/1 (100.0%)", lines.get(2));
  }

  @Test
  void badInputNamesTheFileRecordAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "[{\"gold\": \"1\", \"pred\": 2}]");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      SsftCommandTest.run(2, "verify", "--cases", file.toString());
    } finally {
      System.setErr(original);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("bad.json record 0") && message.contains("'pred'"), message);
  }

  @Test
  void verifiesOnePair() {
    assertTrue(SsftCommandTest.run(0, "verify", "--gold", "$(1,2]$", "--pred", "The interval is $(1, 2]$.")
        .startsWith("MATCH"));
    assertTrue(SsftCommandTest.run(0, "verify", "--gold", "C", "--pred", "The answer is B",
        "--match-types", "NativeLetters").startsWith("NO_MATCH"));
  }
}
