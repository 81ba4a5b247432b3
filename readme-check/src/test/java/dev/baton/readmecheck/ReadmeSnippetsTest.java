package dev.baton.readmecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Every {@code ```java} block of the README compiles against the SDK modules, and the blocks that
 * are whole test classes (the testkit example) pass when run on the fakes.
 *
 * <p>A block that is a class is compiled as it stands; any other block is a sequence of statements
 * and becomes the body of a method. Both get the same imports: every exported Baton package, and
 * the few JDK, JUnit and AssertJ names the README uses. A compile error fails the block's test with
 * the README line it is on.
 */
class ReadmeSnippetsTest {
  /** The imports every snippet is compiled with, one per line. */
  private static final List<String> IMPORTS =
      List.of(
          "import dev.baton.*;",
          "import dev.baton.spi.*;",
          "import dev.baton.oci.*;",
          "import dev.baton.aws.*;",
          "import dev.baton.atmos.*;",
          "import dev.baton.github.*;",
          "import dev.baton.jdbc.*;",
          "import dev.baton.testkit.*;",
          "import dev.baton.otel.*;",
          "import io.opentelemetry.api.*;",
          "import java.nio.file.Path;",
          "import java.time.Duration;",
          "import java.util.List;",
          "import java.util.Map;",
          "import java.util.Optional;",
          "import static org.assertj.core.api.Assertions.assertThat;",
          "import org.junit.jupiter.api.Test;",
          "import org.junit.jupiter.api.extension.ExtendWith;");

  private static final Pattern CLASS =
      Pattern.compile(
          "^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:public\\s+|final\\s+|abstract\\s+)*class\\s+(\\w+)",
          Pattern.MULTILINE);

  @TempDir Path work;

  /**
   * One ```java block of the README.
   *
   * @param line the README line of the block's first line of code (1-based)
   * @param code the block's text
   */
  record Snippet(int line, String code) {
    boolean isClass() {
      return CLASS.matcher(code).find();
    }

    boolean isTest() {
      return isClass() && code.contains("@Test");
    }
  }

  static Path readme() {
    return Path.of(System.getProperty("baton.readme", "../README.md"));
  }

  static List<Snippet> snippets(List<String> lines) {
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
        continue;
      }
      int first = i + 1;
      int end = first;
      while (end < lines.size() && !lines.get(end).strip().equals("```")) {
        end++;
      }
      out.add(new Snippet(first + 1, String.join("\n", lines.subList(first, end))));
      i = end;
    }
    return out;
  }

  @Test
  void theReadmeHasJavaSnippets_includingARunnableTestkitExample() throws IOException {
    List<Snippet> snippets = snippets(Files.readAllLines(readme(), StandardCharsets.UTF_8));
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(3);
    assertThat(snippets).anyMatch(Snippet::isTest);
  }

  @TestFactory
  Stream<DynamicTest> everySnippetCompiles_andTheTestClassesPass() throws IOException {
    List<Snippet> snippets = snippets(Files.readAllLines(readme(), StandardCharsets.UTF_8));
    return snippets.stream()
        .map(s -> DynamicTest.dynamicTest("README.md line " + s.line(), () -> check(s)));
  }

  private void check(Snippet s) throws Exception {
    Path dir = Files.createDirectories(work.resolve("line" + s.line()));
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String name;
    StringBuilder unit = new StringBuilder("package snippets;\n");
    IMPORTS.forEach(i -> unit.append(i).append('\n'));
    int header;
    if (s.isClass()) {
      Matcher m = CLASS.matcher(s.code());
      m.find();
      name = m.group(1);
      header = 1 + IMPORTS.size();
      unit.append(s.code()).append('\n');
    } else {
      name = "Snippet" + s.line();
      unit.append("class ").append(name).append(" {\n").append("  void run() throws Exception {\n");
      header = 1 + IMPORTS.size() + 2;
      unit.append(s.code()).append("\n  }\n}\n");
    }
    Path source = sources.resolve(name + ".java");
    Files.writeString(source, unit, StandardCharsets.UTF_8);

    compile(s, source, classes, header);
    if (s.isTest()) {
      run(s, classes, name);
    }
  }

  private static void compile(Snippet s, Path source, Path classes, int header) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-classpath",
              testClassPath(),
              "-d",
              classes.toString(),
              "-proc:none",
              "--release",
              "17");
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjects(source.toFile()))
              .call();
      if (!ok) {
        String errors =
            diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(
                    d ->
                        "README.md line "
                            + (s.line() + d.getLineNumber() - header - 1)
                            + ": "
                            + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        fail("the README's Java snippet at line " + s.line() + " does not compile:\n" + errors);
      }
    }
  }

  private static void run(Snippet s, Path classes, String name) throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ReadmeSnippetsTest.class.getClassLoader())) {
      Class<?> test = Class.forName("snippets." + name, true, loader);
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test)).build(), listener);
      TestExecutionSummary summary = listener.getSummary();
      String failures =
          summary.getFailures().stream()
              .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
              .collect(Collectors.joining("\n"));
      assertThat(summary.getTotalFailureCount())
          .as("the README's test class at line %d failed:%n%s", s.line(), failures)
          .isZero();
      assertThat(summary.getTestsSucceededCount())
          .as("tests run from the README's test class at line %d", s.line())
          .isPositive();
    }
  }

  /** Surefire runs tests through a manifest-only jar, and names the real class path here. */
  private static String testClassPath() {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(path.split(File.pathSeparator))
        .filter(p -> !p.isBlank())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
