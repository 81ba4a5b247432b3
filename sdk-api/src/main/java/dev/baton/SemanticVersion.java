package dev.baton;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version {@code major.minor.patch}: the version core of Semantic Versioning 2.0.0,
 * deliberately without pre-release or build suffixes. Parsing is strict:
 *
 * <pre>
 * version ::= ["v" | "V"] number "." number "." number
 * number  ::= "0" | [1-9][0-9]*        ; semver 2.0.0 §2: no leading zeros
 * </pre>
 *
 * <p>Ordering is numeric, field by field ({@code 1.10.0 > 1.9.0}).
 *
 * <pre>{@code
 * SemanticVersion next = SemanticVersion.parse("v1.4.2").bump(SemanticVersion.Bump.MINOR); // 1.5.0
 * }</pre>
 *
 * @param major the major version, not negative
 * @param minor the minor version, not negative
 * @param patch the patch version, not negative
 */
public record SemanticVersion(int major, int minor, int patch)
    implements Comparable<SemanticVersion> {

  private static final Pattern GRAMMAR =
      Pattern.compile("[vV]?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
  private static final Comparator<SemanticVersion> ORDER =
      Comparator.comparingInt(SemanticVersion::major)
          .thenComparingInt(SemanticVersion::minor)
          .thenComparingInt(SemanticVersion::patch);

  /** Which part of a version {@link #bump(Bump)} increments. */
  public enum Bump {
    /** Incompatible change: increments major, resets minor and patch. */
    MAJOR,
    /** Compatible feature: increments minor, resets patch. */
    MINOR,
    /** Compatible fix: increments patch. */
    PATCH
  }

  /**
   * Validates the parts.
   *
   * @param major the major version, not negative
   * @param minor the minor version, not negative
   * @param patch the patch version, not negative
   * @throws IllegalArgumentException if any part is negative
   */
  public SemanticVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "invalid semantic version "
              + major
              + "."
              + minor
              + "."
              + patch
              + ": major, minor and patch must not be negative");
    }
  }

  /**
   * Parses {@code major.minor.patch}, optionally prefixed with {@code v} or {@code V}. Nothing else
   * is accepted: not {@code 1.2}, not {@code 1.2.3-rc1}, not {@code 01.2.3}.
   *
   * @param text e.g. {@code 1.2.3} or {@code v1.2.3}
   * @return the version
   * @throws IllegalArgumentException if {@code text} is null, malformed or a part overflows int
   */
  public static SemanticVersion parse(String text) {
    ValueText.require(text, "semantic version", "major.minor.patch");
    Matcher m = GRAMMAR.matcher(text);
    if (!m.matches()) {
      throw ValueText.invalid(
          "semantic version",
          text,
          "expected [v]major.minor.patch, e.g. 1.2.3, without leading zeros or suffixes");
    }
    try {
      return new SemanticVersion(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (NumberFormatException e) {
      throw ValueText.invalid(
          "semantic version", text, "each part must be at most " + Integer.MAX_VALUE, e);
    }
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the version, may be null
   * @return the version, or empty if {@code text} is null or invalid
   */
  public static Optional<SemanticVersion> tryParse(String text) {
    return ValueText.tryParse(text, SemanticVersion::parse);
  }

  /**
   * The next version: a major bump resets minor and patch, a minor bump resets patch.
   *
   * @param bump which part to increment
   * @return the next version
   * @throws ArithmeticException if the incremented part would overflow int
   */
  public SemanticVersion bump(Bump bump) {
    Objects.requireNonNull(bump, "bump");
    return switch (bump) {
      case MAJOR -> new SemanticVersion(Math.addExact(major, 1), 0, 0);
      case MINOR -> new SemanticVersion(major, Math.addExact(minor, 1), 0);
      case PATCH -> new SemanticVersion(major, minor, Math.addExact(patch, 1));
    };
  }

  /**
   * Compares numerically by major, then minor, then patch.
   *
   * @param other the version to compare with
   * @return negative, zero or positive as this version is lower, equal or higher
   */
  @Override
  public int compareTo(SemanticVersion other) {
    return ORDER.compare(this, other);
  }

  /**
   * The wire form, without any {@code v} prefix.
   *
   * @return {@code major.minor.patch}
   */
  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
