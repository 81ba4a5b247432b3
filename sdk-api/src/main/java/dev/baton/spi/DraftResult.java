package dev.baton.spi;

import java.util.Objects;

/**
 * How {@link ReleaseSource#draftRelease} ended.
 *
 * @param release the draft release as it now stands
 * @param outcome whether it was created, updated or already right
 */
public record DraftResult(Release release, Outcome outcome) {
  /** What the call did. */
  public enum Outcome {
    /** No draft existed; one was created. */
    CREATED,
    /** The existing draft was moved to the commit (and its version recomputed). */
    UPDATED,
    /** The existing draft already pointed at the commit with the right version. */
    UNCHANGED
  }

  /**
   * Checks that nothing is null and the release is a draft.
   *
   * @param release the draft release as it now stands
   * @param outcome whether it was created, updated or already right
   */
  public DraftResult {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(outcome, "outcome");
    if (!release.draft()) {
      throw new IllegalArgumentException("release " + release.version() + " is not a draft");
    }
  }
}
