package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.ReleaseVersion;
import dev.baton.SemanticVersion;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ReleaseSource} must show, as an abstract JUnit 5 suite. A provider's
 * test extends it, supplies a source that holds no draft release yet (a fresh one for every test),
 * and a way to publish a draft:
 *
 * <pre>{@code
 * class MyReleaseSourceContractTest extends ReleaseSourceContract {
 *   protected ReleaseSource source() { return source; }
 *   protected void publish(Release draft) { ... }
 * }
 * }</pre>
 */
public abstract class ReleaseSourceContract {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int RACERS = 4;

  /** For subclasses. */
  protected ReleaseSourceContract() {}

  /**
   * The release source under test, holding no draft release; called at the start of every test.
   *
   * @return the release source
   */
  protected abstract ReleaseSource source();

  /**
   * Publishes the draft (as a human clicking "Publish release" would), so that its tag exists and
   * points at {@code draft.commit()}.
   *
   * @param draft a draft this source returned
   */
  protected abstract void publish(Release draft);

  // ---- draftRelease --------------------------------------------------------------------------

  /** With no draft, one is created for the commit, with a semantic version. */
  @Test
  public void draftRelease_whenNoDraft_createsDraft() {
    ReleaseSource source = source();
    CommitSha commit = newCommit();

    DraftResult result = source.draftRelease(commit);

    assertThat(result.outcome()).isEqualTo(DraftResult.Outcome.CREATED);
    assertThat(result.release().draft()).isTrue();
    assertThat(result.release().commit()).isEqualTo(commit);
    assertThat(result.release().version().semantic()).isPresent();
    assertThat(source.release(result.release().version()))
        .hasValueSatisfying(
            r -> {
              assertThat(r.id()).isEqualTo(result.release().id());
              assertThat(r.draft()).isTrue();
              assertThat(r.commit()).isEqualTo(commit);
            });
  }

  /** Drafting again for the same commit changes nothing. */
  @Test
  public void draftRelease_whenSameCommitAgain_isUnchangedWithSameId() {
    ReleaseSource source = source();
    CommitSha commit = newCommit();
    Release first = source.draftRelease(commit).release();

    DraftResult again = source.draftRelease(commit);

    assertThat(again.outcome()).isEqualTo(DraftResult.Outcome.UNCHANGED);
    assertThat(again.release().id()).isEqualTo(first.id());
    assertThat(again.release().version()).isEqualTo(first.version());
    assertThat(again.release().commit()).isEqualTo(commit);
  }

  /** Drafting for another commit moves the existing draft instead of making a second one. */
  @Test
  public void draftRelease_whenOtherCommit_updatesSameDraft() {
    ReleaseSource source = source();
    Release first = source.draftRelease(newCommit()).release();
    CommitSha next = newCommit();

    DraftResult moved = source.draftRelease(next);

    assertThat(moved.outcome()).isEqualTo(DraftResult.Outcome.UPDATED);
    assertThat(moved.release().id()).isEqualTo(first.id());
    assertThat(moved.release().commit()).isEqualTo(next);
    assertThat(moved.release().draft()).isTrue();
    assertThat(source.release(moved.release().version()))
        .hasValueSatisfying(
            r -> {
              assertThat(r.id()).isEqualTo(first.id());
              assertThat(r.commit()).isEqualTo(next);
            });
  }

  /** However many commits are drafted, there is one draft. */
  @Test
  public void draftRelease_whenManyCommits_neverTwoDrafts() {
    ReleaseSource source = source();
    Set<String> ids = new HashSet<>();
    Set<ReleaseVersion> versions = new HashSet<>();
    CommitSha last = null;
    for (int i = 0; i < 5; i++) {
      last = newCommit();
      DraftResult r = source.draftRelease(last);
      ids.add(r.release().id());
      versions.add(r.release().version());
      assertThat(r.outcome())
          .isEqualTo(i == 0 ? DraftResult.Outcome.CREATED : DraftResult.Outcome.UPDATED);
    }
    DraftResult repeat = source.draftRelease(last);
    ids.add(repeat.release().id());

    assertThat(ids).hasSize(1);
    assertThat(versions).hasSize(1);
    assertThat(source.release(versions.iterator().next()))
        .hasValueSatisfying(
            r -> {
              assertThat(r.id()).isEqualTo(ids.iterator().next());
              assertThat(r.draft()).isTrue();
            });
  }

  /**
   * Concurrent drafts for one commit make one draft between them.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void draftRelease_whenConcurrent_createsOneDraft() throws Exception {
    ReleaseSource source = source();
    CommitSha commit = newCommit();
    List<DraftResult> results =
        Racers.race(RACERS, 60, TimeUnit.SECONDS, i -> () -> source.draftRelease(commit));

    assertThat(results).filteredOn(r -> r.outcome() == DraftResult.Outcome.CREATED).hasSize(1);
    assertThat(results)
        .extracting(r -> r.release().id())
        .containsOnly(results.get(0).release().id());
  }

  // ---- publish, release, commitOf ------------------------------------------------------------

  /** A published release is no longer a draft and its tag names the commit. */
  @Test
  public void release_afterPublish_isPublishedAtCommit() {
    ReleaseSource source = source();
    CommitSha commit = newCommit();

    Release draft = draftAndPublish(source, commit);

    assertThat(source.release(draft.version()))
        .hasValueSatisfying(
            r -> {
              assertThat(r.draft()).isFalse();
              assertThat(r.id()).isEqualTo(draft.id());
              assertThat(r.commit()).isEqualTo(commit);
            });
    assertThat(source.commitOf(draft.version())).contains(commit);
  }

  /** A draft's tag does not exist yet, so it names no commit. */
  @Test
  public void commitOf_whenOnlyDraft_isEmpty() {
    ReleaseSource source = source();
    Release draft = source.draftRelease(newCommit()).release();

    assertThat(source.commitOf(draft.version())).isEmpty();
  }

  /** After a publish, the next draft is a new release with a greater version. */
  @Test
  public void draftRelease_afterPublish_createsNewDraftWithGreaterVersion() {
    ReleaseSource source = source();
    CommitSha commit = newCommit();
    Release published = draftAndPublish(source, commit);
    SemanticVersion publishedVersion = published.version().semantic().orElseThrow();
    CommitSha next = newCommit();

    DraftResult draft = source.draftRelease(next);

    assertThat(draft.outcome()).isEqualTo(DraftResult.Outcome.CREATED);
    assertThat(draft.release().id()).isNotEqualTo(published.id());
    assertThat(draft.release().commit()).isEqualTo(next);
    assertThat(draft.release().version().semantic())
        .hasValueSatisfying(v -> assertThat(v).isGreaterThan(publishedVersion));
    assertThat(source.commitOf(published.version())).contains(commit);
    assertThat(source.release(published.version()))
        .hasValueSatisfying(r -> assertThat(r.draft()).isFalse());
  }

  /** An unknown tag has no release and no commit. */
  @Test
  public void releaseAndCommitOf_whenUnknownTag_areEmpty() {
    ReleaseSource source = source();
    ReleaseVersion unknown = ReleaseVersion.parse("999.998.997");

    assertThat(source.release(unknown)).isEmpty();
    assertThat(source.commitOf(unknown)).isEmpty();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Drafts a release of the commit and publishes it; returns the draft as the source gave it. */
  private Release draftAndPublish(ReleaseSource source, CommitSha commit) {
    Release draft = source.draftRelease(commit).release();
    publish(draft);
    return draft;
  }

  /**
   * @return a random commit
   */
  protected static CommitSha newCommit() {
    return Randoms.commit();
  }
}
