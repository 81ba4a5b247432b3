package dev.baton.spi;

import java.util.Objects;

/**
 * One platform of a multi-platform image index, per the OCI image-index {@code platform} object.
 *
 * @param os the operating system, e.g. {@code linux}
 * @param architecture the CPU architecture, e.g. {@code amd64}
 * @param variant the CPU variant, e.g. {@code v8}; empty when the index gives none
 */
public record Platform(String os, String architecture, String variant) {
  /**
   * Validates that no part is null and that os and architecture are not blank.
   *
   * @param os the operating system, e.g. {@code linux}
   * @param architecture the CPU architecture, e.g. {@code amd64}
   * @param variant the CPU variant, e.g. {@code v8}; empty when the index gives none
   */
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
    if (os.isBlank() || architecture.isBlank()) {
      throw new IllegalArgumentException(
          "a platform needs an os and an architecture, got \"" + os + "/" + architecture + "\"");
    }
  }

  /**
   * @param os the operating system
   * @param architecture the CPU architecture
   * @return a platform with no variant
   */
  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, "");
  }

  /** {@code os/architecture[/variant]}, as Docker prints it. */
  @Override
  public String toString() {
    return os + '/' + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
