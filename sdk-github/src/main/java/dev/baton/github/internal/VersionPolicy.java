package dev.baton.github.internal;

import dev.baton.SemanticVersion;
import dev.baton.SemanticVersion.Bump;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * release-drafter's {@code version-resolver}: the next version is the last published one bumped by
 * the largest bump any merged pull request's labels ask for, or by the default bump when none does.
 * The reference configuration ({@code draft-release.yml}): major for {@code major}; minor for
 * {@code minor}, {@code enhancement} and {@code hotfix}; no patch label; default minor. Labels
 * match case-insensitively.
 *
 * @param major labels that ask for a major bump
 * @param minor labels that ask for a minor bump
 * @param patch labels that ask for a patch bump
 * @param defaultBump the bump when no label matches
 */
public record VersionPolicy(
    Set<String> major, Set<String> minor, Set<String> patch, Bump defaultBump) {

  /**
   * Lower-cases and copies the label sets.
   *
   * @param major labels that ask for a major bump
   * @param minor labels that ask for a minor bump
   * @param patch labels that ask for a patch bump
   * @param defaultBump the bump when no label matches
   */
  public VersionPolicy {
    major = lower(major);
    minor = lower(minor);
    patch = lower(patch);
    Objects.requireNonNull(defaultBump, "defaultBump");
  }

  /** {@return the reference workflow's policy} */
  public static VersionPolicy reference() {
    return new VersionPolicy(
        Set.of("major"), Set.of("minor", "enhancement", "hotfix"), Set.of(), Bump.MINOR);
  }

  /**
   * @param labelsOfMergedPullRequests each merged pull request's labels
   * @return the bump they ask for
   */
  public Bump bump(Collection<? extends Collection<String>> labelsOfMergedPullRequests) {
    Bump best = null;
    for (Collection<String> labels : labelsOfMergedPullRequests) {
      for (String label : labels) {
        Bump b = of(label.toLowerCase(Locale.ROOT));
        if (b != null && (best == null || b.ordinal() < best.ordinal())) {
          best = b;
        }
      }
    }
    return best == null ? defaultBump : best;
  }

  /**
   * @param last the last published version, or {@code null} when there is none (then 0.0.0)
   * @param labelsOfMergedPullRequests the labels of the pull requests merged since
   * @return the next version
   */
  public SemanticVersion next(
      SemanticVersion last, Collection<? extends Collection<String>> labelsOfMergedPullRequests) {
    SemanticVersion base = last == null ? new SemanticVersion(0, 0, 0) : last;
    return base.bump(bump(labelsOfMergedPullRequests));
  }

  private Bump of(String label) {
    // Bump's declaration order is MAJOR, MINOR, PATCH: a lower ordinal is a larger bump.
    if (major.contains(label)) {
      return Bump.MAJOR;
    }
    if (minor.contains(label)) {
      return Bump.MINOR;
    }
    return patch.contains(label) ? Bump.PATCH : null;
  }

  private static Set<String> lower(Set<String> labels) {
    return labels.stream()
        .map(l -> l.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * @return the labels, for messages
   */
  @Override
  public String toString() {
    return "major "
        + List.copyOf(major)
        + ", minor "
        + List.copyOf(minor)
        + ", patch "
        + List.copyOf(patch)
        + ", default "
        + defaultBump;
  }
}
