package dev.baton.oci.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Finds the real programs the tests run: Debian's {@code docker-registry} and {@code skopeo}. */
public final class Tools {
  private Tools() {}

  /**
   * @param name a program name
   * @return its path on {@code PATH} (or in /usr/bin, /usr/sbin), if executable
   */
  public static Optional<Path> find(String name) {
    String path =
        System.getenv().getOrDefault("PATH", "")
            + File.pathSeparator
            + "/usr/bin"
            + File.pathSeparator
            + "/usr/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Skips the calling test (a JUnit assumption, reported as skipped) when a program is missing.
   *
   * @param name the program
   * @param debianPackage the package that provides it
   * @return its path
   */
  public static Path require(String name, String debianPackage) {
    Optional<Path> p = find(name);
    Assumptions.assumeTrue(
        p.isPresent(),
        () ->
            "SKIPPED: '"
                + name
                + "' is not installed;"
                + " install it with: apt-get install -y "
                + debianPackage);
    return p.orElseThrow();
  }
}
