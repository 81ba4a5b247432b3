package dev.baton.github.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the vendored GitHub API bodies under {@code src/test/resources/github-api/}. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * @param name a file name, e.g. {@code list-releases.json}
   * @return its text
   */
  public static String api(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/github-api/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture github-api/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
