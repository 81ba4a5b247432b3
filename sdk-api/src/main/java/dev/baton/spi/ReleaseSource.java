package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.ReleaseVersion;
import java.util.Optional;

/**
 * Where releases live (GitHub Releases): the draft release that collects what is merged, and the
 * published releases that promote a commit.
 *
 * <p>Implementations are safe for concurrent use. {@link #draftRelease} never creates a second
 * draft: it finds the existing one and updates it. Failures are {@link dev.baton.ProviderException}
 * subtypes.
 */
public interface ReleaseSource {
  /**
   * Creates the draft release for {@code commit}, or moves the existing draft to it. Its version is
   * the next one after the last published release.
   *
   * @param commit the commit the draft is for (the one just deployed to dev)
   * @return the draft and what was done
   */
  DraftResult draftRelease(CommitSha commit);

  /**
   * @param version a release tag
   * @return the release with that tag, draft or published
   */
  Optional<Release> release(ReleaseVersion version);

  /**
   * The commit a release tag points at, following annotated tags.
   *
   * @param version a release tag
   * @return the commit; empty when the tag does not exist
   */
  Optional<CommitSha> commitOf(ReleaseVersion version);
}
