package dev.baton;

import java.util.Objects;
import java.util.Optional;

/**
 * A release, named by its git tag exactly as written: projects tag {@code 1.2.3}, {@code v1.2.3} or
 * {@code release-2024}, and the tag is what people search for. The tag is also pushed as an image
 * tag, so it must be a valid {@link Tag}.
 *
 * <pre>{@code
 * ReleaseVersion release = ReleaseVersion.of(SemanticVersion.parse("1.2.3"), "v$VERSION");
 * release.tag();        // "v1.2.3"
 * release.semantic();   // Optional[1.2.3]
 * }</pre>
 *
 * @param tag the git tag, e.g. {@code v1.2.3}
 */
public record ReleaseVersion(String tag) {

  /**
   * Validates the tag.
   *
   * @param tag the git tag
   * @throws IllegalArgumentException if {@code tag} is not a valid image tag, quoting it
   * @throws NullPointerException if {@code tag} is null
   */
  public ReleaseVersion {
    Objects.requireNonNull(tag, "tag");
    try {
      new Tag(tag);
    } catch (IllegalArgumentException e) {
      throw ValueText.invalid(
          "release version",
          tag,
          "a release tag becomes an image tag, so it must be one; " + e.getMessage(),
          e);
    }
  }

  /**
   * Parses a release tag.
   *
   * @param text the git tag
   * @return the release version
   * @throws IllegalArgumentException if {@code text} is null or not a valid image tag
   */
  public static ReleaseVersion parse(String text) {
    ValueText.require(text, "release version", "a git tag");
    return new ReleaseVersion(text);
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the git tag, may be null
   * @return the release version, or empty if {@code text} is null or invalid
   */
  public static Optional<ReleaseVersion> tryParse(String text) {
    return ValueText.tryParse(text, ReleaseVersion::parse);
  }

  /**
   * Names a release by a tag template, the way release-drafter's {@code tag-template} does. Both
   * {@code $VERSION} and {@code $RESOLVED_VERSION} become {@code major.minor.patch}.
   *
   * @param version the version
   * @param template e.g. {@code v$VERSION} or {@code $RESOLVED_VERSION}
   * @return the release version
   * @throws IllegalArgumentException if the template has neither placeholder or does not yield a
   *     valid tag
   */
  public static ReleaseVersion of(SemanticVersion version, String template) {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(template, "template");
    if (!template.contains("$VERSION") && !template.contains("$RESOLVED_VERSION")) {
      throw ValueText.invalid(
          "release tag template",
          template,
          "expected it to contain $VERSION or $RESOLVED_VERSION, e.g. v$VERSION");
    }
    String v = version.toString();
    // Neither placeholder is a substring of the other ("_VERSION" is not "$VERSION").
    return new ReleaseVersion(template.replace("$RESOLVED_VERSION", v).replace("$VERSION", v));
  }

  /**
   * The image tag this release is published under: the git tag itself.
   *
   * @return the tag
   */
  public Tag imageTag() {
    return new Tag(tag);
  }

  /**
   * The semantic version, if the tag is one ({@code 1.2.3} or {@code v1.2.3}).
   *
   * @return the version, or empty for tags such as {@code release-2024} or {@code 1.2.3-rc1}
   */
  public Optional<SemanticVersion> semantic() {
    return SemanticVersion.tryParse(tag);
  }

  /**
   * The wire form.
   *
   * @return the git tag, exactly as written
   */
  @Override
  public String toString() {
    return tag;
  }
}
