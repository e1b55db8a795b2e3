package io.github.ssft4j.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.ssft4j.site.JavadocSources.Doc;
import io.github.ssft4j.site.JavadocSources.Snippet;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code <pre>{@code ...}</pre>} example of the published API (and the overview page) compiles against the
 * real modules, and every name it looks up with {@code named("...")} exists.
 */
class JavadocSnippetsTest {
  /** Names an example may use without declaring them, as the surrounding prose introduces them. */
  private static final String FREE_NAMES = """
      io.github.ssft4j.ParallelReasoner reasoner;
      java.nio.file.Path dir;
      """;
  private static final String IMPORTS = """
      import io.github.ssft4j.*;
      import io.github.ssft4j.spi.*;
      import io.github.ssft4j.eval.*;
      import io.github.ssft4j.voting.*;
      import io.github.ssft4j.voting.metrics.*;
      import java.nio.file.*;
      import java.time.*;
      import java.util.*;
      import java.util.concurrent.*;
      import java.util.function.*;
      """;
  private static final String LANGCHAIN4J_IMPORTS = """
      import io.github.ssft4j.langchain4j.*;
      import dev.langchain4j.data.message.*;
      import dev.langchain4j.model.chat.*;
      import dev.langchain4j.model.chat.request.*;
      import dev.langchain4j.model.chat.response.*;
      import dev.langchain4j.service.*;
      import dev.langchain4j.data.message.UserMessage;
      import io.github.ssft4j.ChatMessage;
      """;
  private static final Pattern NAMED = Pattern.compile("\\b([A-Z]\\w*)\\.named\\(\"([^\"]*)\"\\)");

  @Test
  void everyExampleCompiles(@TempDir Path out) {
    List<Snippet> snippets = JavadocSources.snippets();
    assertTrue(snippets.size() >= 15, "found only " + snippets.size() + " examples");
    List<JavaFileObject> units = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      units.add(unit(i, snippets.get(i)));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
    List<String> options = List.of("--release", "17", "-proc:none", "-d", out.toString(),
        "-classpath", System.getProperty("java.class.path"));
    boolean ok = javac.getTask(new StringWriter(), files, diagnostics, options, null, units).call();
    if (!ok) {
      StringBuilder report = new StringBuilder("Javadoc examples that do not compile:\n");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          Snippet s = ((SnippetUnit) d.getSource()).snippet;
          report.append(s.doc().where()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n')
              .append("    in: ").append(line(((SnippetUnit) d.getSource()).source, d.getLineNumber())).append('\n');
        }
      }
      fail(report.toString());
    }
  }

  @Test
  void everyNameLookedUpInTheDocsExists() throws Exception {
    List<String> missing = new ArrayList<>();
    int lookups = 0;
    for (Doc doc : JavadocSources.docs()) {
      Matcher m = NAMED.matcher(doc.text());
      while (m.find()) {
        lookups++;
        Method named = type(m.group(1)).getMethod("named", String.class);
        try {
          named.invoke(null, m.group(2));
        } catch (java.lang.reflect.InvocationTargetException e) {
          missing.add(doc.where() + ": " + m.group() + " throws " + e.getCause());
        }
      }
    }
    assertTrue(lookups > 0, "no named(...) lookup in the docs: the check would prove nothing");
    assertEquals(List.of(), missing);
  }

  private static Class<?> type(String simpleName) throws ClassNotFoundException {
    for (String pkg : List.of("io.github.ssft4j.spi.", "io.github.ssft4j.", "io.github.ssft4j.voting.")) {
      try {
        return Class.forName(pkg + simpleName);
      } catch (ClassNotFoundException e) {
        // next package
      }
    }
    throw new ClassNotFoundException(simpleName + " in the API packages");
  }

  private static String line(String source, long number) {
    String[] lines = source.split("\n", -1);
    return number >= 1 && number <= lines.length ? lines[(int) number - 1].trim() : "";
  }

  private static JavaFileObject unit(int index, Snippet snippet) {
    String name = "Example" + index;
    boolean langchain4j = snippet.doc().module().equals("ssft-langchain4j");
    String source = "package examples;\n" + IMPORTS + (langchain4j ? LANGCHAIN4J_IMPORTS : "")
        + "@SuppressWarnings(\"all\")\nabstract class " + name + " {\n" + FREE_NAMES
        + (langchain4j ? "ChatModel model;\n" : "")
        + "void example() throws Exception {\n" + snippet.code() + "\n}\n}\n";
    return new SnippetUnit(name, source, snippet);
  }

  /** A generated compilation unit that remembers the example it wraps. */
  private static final class SnippetUnit extends SimpleJavaFileObject {
    final String source;
    final Snippet snippet;

    SnippetUnit(String name, String source, Snippet snippet) {
      super(URI.create("string:///examples/" + name + ".java"), Kind.SOURCE);
      this.source = source;
      this.snippet = snippet;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return source;
    }
  }
}
