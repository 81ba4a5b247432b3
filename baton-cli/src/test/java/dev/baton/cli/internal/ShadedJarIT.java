package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Checks the shaded {@code target/baton.jar} after {@code package}: it holds no test library and
 * stays small, and it runs. Run by the {@code shaded-jar} execution in the {@code verify} phase.
 */
class ShadedJarIT {
  /** The jar may not grow past this; it was 29 MB while it carried the test libraries. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  static final List<String> FORBIDDEN =
      List.of("org/junit/", "org/assertj/", "net/bytebuddy/", "org/opentest4j/");

  private static Path jar() {
    Path jar = Path.of(System.getProperty("baton.jar", "target/baton.jar"));
    assertThat(jar).as("the shaded jar; run after package").isRegularFile();
    return jar;
  }

  @Test
  void holdsNoTestLibrary() throws IOException {
    try (ZipFile zip = new ZipFile(jar().toFile())) {
      List<String> leaked =
          zip.stream()
              .map(ZipEntry::getName)
              .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
              .limit(10)
              .toList();
      assertThat(leaked).as("test libraries in baton.jar").isEmpty();
    }
  }

  @Test
  void isAtMost16MB() throws IOException {
    assertThat(Files.size(jar())).as("size of baton.jar in bytes").isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void runsWithJavaDashJar() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(java.toString(), "-jar", jar().toString(), "--version")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("baton ");
  }
}
