package io.github.ssft4j.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Javadoc the site publishes: the API packages of the published modules and the overview page. */
final class JavadocSources {
  static final Path ROOT = Path.of(System.getProperty("ssft.root", "..")).toAbsolutePath().normalize();
  /** The ssft4j modules this site documents: javadoc-site's own dependencies. */
  static final List<String> MODULES = siteModules();
  static final Path OVERVIEW = ROOT.resolve("javadoc-site/src/main/javadoc/overview.html");
  private static final Pattern COMMENT = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);

  /** A piece of Javadoc: where it is and its text, leading {@code *}s removed. */
  record Doc(String module, Path file, int line, String text) {
    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  /** A {@code <pre>{@code ...}</pre>} block. */
  record Snippet(Doc doc, String code) {}

  private JavadocSources() {}

  /** @return the Java source files of {@code module}'s API packages (no {@code .internal} package) */
  static List<Path> apiSources(String module) {
    Path src = ROOT.resolve(module).resolve("src/main/java");
    if (!Files.isDirectory(src)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(src)) {
      return files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !src.relativize(p).toString().replace('\\', '/').contains("/internal/"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return every Javadoc comment of the API sources, then the overview page as one piece */
  static List<Doc> docs() {
    List<Doc> docs = new ArrayList<>();
    for (String module : MODULES) {
      for (Path file : apiSources(module)) {
        String source = read(file);
        Matcher m = COMMENT.matcher(source);
        while (m.find()) {
          String text = m.group(1).replaceAll("(?m)^[ \\t]*\\* ?", "");
          docs.add(new Doc(module, file, lineOf(source, m.start()), text));
        }
      }
    }
    docs.add(new Doc("javadoc-site", OVERVIEW, 1, read(OVERVIEW)));
    return docs;
  }

  /** @return the {@code <pre>{@code ...}</pre>} blocks of all docs, braces balanced as Javadoc reads them */
  static List<Snippet> snippets() {
    List<Snippet> out = new ArrayList<>();
    for (Doc doc : docs()) {
      String t = doc.text();
      int at = 0;
      while ((at = t.indexOf("<pre>{@code", at)) >= 0) {
        int start = at + "<pre>{@code".length();
        int depth = 1;
        int i = start;
        for (; i < t.length() && depth > 0; i++) {
          char c = t.charAt(i);
          depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        String code = t.substring(start, i - 1)
            .replace("&#64;", "@").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        int line = doc.line() + (int) t.substring(0, at).chars().filter(c -> c == '\n').count();
        out.add(new Snippet(new Doc(doc.module(), doc.file(), line, doc.text()), code));
        at = i;
      }
    }
    return out;
  }

  private static List<String> siteModules() {
    Matcher m = Pattern.compile("<groupId>io\\.github\\.ssft4j</groupId><artifactId>([\\w-]+)</artifactId>")
        .matcher(read(ROOT.resolve("javadoc-site/pom.xml")));
    List<String> modules = new ArrayList<>();
    while (m.find()) {
      modules.add(m.group(1));
    }
    return modules;
  }

  /** @return every Java source file of {@code module}, internal packages included */
  static List<Path> allSources(String module) {
    Path src = ROOT.resolve(module).resolve("src/main/java");
    try (Stream<Path> files = Files.walk(src)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int lineOf(String source, int offset) {
    return 1 + (int) source.substring(0, offset).chars().filter(c -> c == '\n').count();
  }
}
