package io.github.ssft4j.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the Javadoc site promises: described packages, tags that render as tags, an overview that starts users. */
class JavadocPagesTest {
  /** A block tag that does not start its line renders as literal text inside the previous tag's description. */
  private static final Pattern MID_LINE_TAG =
      Pattern.compile("(?m)^[ \\t]*\\S[^\\n{]*?[ \\t](@(?:param|return|throws|see|since|deprecated))\\b");
  private static final Pattern COMMENT = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);

  @Test
  void everyPackageOfTheSiteModulesHasADescription() {
    List<String> undescribed = new ArrayList<>();
    int packages = 0;
    for (String module : JavadocSources.MODULES) {
      Set<Path> dirs = new TreeSet<>();
      JavadocSources.allSources(module).forEach(f -> dirs.add(f.getParent()));
      for (Path dir : dirs) {
        packages++;
        Path info = dir.resolve("package-info.java");
        Matcher m = COMMENT.matcher(Files.exists(info) ? JavadocSources.read(info) : "");
        String text = m.find() ? m.group(1).replaceAll("(?m)^[ \\t]*\\* ?", "").trim() : "";
        if (text.isEmpty() || text.startsWith("@")) {
          undescribed.add(JavadocSources.ROOT.relativize(dir).toString());
        }
      }
    }
    assertTrue(packages > 10, "found only " + packages + " packages");
    assertEquals(List.of(), undescribed, "packages without a package-info.java description");
  }

  @Test
  void everyBlockTagStartsItsLine() {
    List<String> literal = new ArrayList<>();
    for (String module : JavadocSources.MODULES) {
      for (Path file : JavadocSources.allSources(module)) {
        String source = JavadocSources.read(file);
        Matcher comment = COMMENT.matcher(source);
        while (comment.find()) {
          String text = comment.group(1).replaceAll("(?m)^[ \\t]*\\* ?", "");
          Matcher tag = MID_LINE_TAG.matcher(text);
          if (tag.find()) {
            int line = 1 + (int) source.substring(0, comment.start()).chars().filter(c -> c == '\n').count();
            literal.add(JavadocSources.ROOT.relativize(file) + ":" + line + " renders a literal " + tag.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), literal);
  }

  @Test
  void theOverviewOpensWithTheQuickStartThenNamesTheStableApiAndTheCoordinates() {
    String overview = JavadocSources.read(JavadocSources.OVERVIEW);
    String body = overview.substring(overview.indexOf("<body>") + "<body>".length()).trim();
    assertTrue(body.matches("(?s)<h1[^>]*>Quick start</h1>\\s*<pre>\\{@code.*"), "the page opens with the "
        + "quick-start code:\n" + body.substring(0, Math.min(200, body.length())));
    for (String pkg : apiPackages()) {
      assertTrue(overview.contains("{@link " + pkg + "}") || overview.contains("<code>" + pkg + "</code>"),
          "the overview says what " + pkg + " is");
    }
    assertTrue(overview.contains("Stable API"), "the overview says which packages are the stable API");
    for (String module : JavadocSources.MODULES) {
      assertTrue(overview.contains("&lt;artifactId&gt;" + module + "&lt;/artifactId&gt;"), "Maven coordinates of "
          + module);
    }
    assertTrue(overview.contains("&lt;groupId&gt;io.github.ssft4j&lt;/groupId&gt;"));
    assertTrue(overview.contains(".internal"), "the overview says that .internal packages are not API");
  }

  /** @return the packages the site shows: every package of the site modules outside {@code .internal} */
  static Set<String> apiPackages() {
    Set<String> out = new TreeSet<>();
    for (String module : JavadocSources.MODULES) {
      Path src = JavadocSources.ROOT.resolve(module).resolve("src/main/java");
      for (Path f : JavadocSources.apiSources(module)) {
        out.add(src.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.'));
      }
    }
    return out;
  }
}
