package dev.baton.testkit;

import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.ReleaseVersion;
import dev.baton.SemanticVersion;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A working in-memory {@link ReleaseSource} that drafts as the reference's release-drafter does:
 * one draft at a time, its version the next after the last published release (a minor bump unless
 * {@link #nextBump} says otherwise), tagged {@code $VERSION} and named {@code v$VERSION}. {@link
 * #publish} plays the human who clicks "Publish release". Safe for concurrent use.
 */
public final class FakeReleaseSource implements ReleaseSource {
  private final List<Release> releases = new ArrayList<>();
  private final Failures failures = new Failures();
  private SemanticVersion.Bump bump = SemanticVersion.Bump.MINOR;
  private String tagTemplate = "$VERSION";
  private String nameTemplate = "v$VERSION";
  private int creates;

  /** No releases yet; the first draft is {@code 0.1.0}. */
  public FakeReleaseSource() {}

  /**
   * @param bump how the next draft's version grows (the labels of merged pull requests decide it on
   *     GitHub)
   * @return this
   */
  public synchronized FakeReleaseSource nextBump(SemanticVersion.Bump bump) {
    this.bump = bump;
    return this;
  }

  /**
   * @param tagTemplate the tag template, {@code $VERSION} by default ({@code v$VERSION} for tags
   *     with a v)
   * @return this
   */
  public synchronized FakeReleaseSource tagTemplate(String tagTemplate) {
    this.tagTemplate = tagTemplate;
    return this;
  }

  /**
   * The next call throws {@code failure} instead of doing its work.
   *
   * @param failure what to throw
   * @return this
   */
  public FakeReleaseSource failNext(BatonException failure) {
    failures.add(failure);
    return this;
  }

  /** {@return how many releases were ever created (a second draft would show here)} */
  public synchronized int creates() {
    return creates;
  }

  /** {@return every release, drafts included, oldest first} */
  public synchronized List<Release> releases() {
    return List.copyOf(releases);
  }

  /**
   * Publishes a draft: its tag now exists at its commit.
   *
   * @param version the draft's tag
   * @return the published release
   */
  public synchronized Release publish(ReleaseVersion version) {
    for (int i = 0; i < releases.size(); i++) {
      Release r = releases.get(i);
      if (r.version().equals(version)) {
        Release published =
            new Release(r.id(), r.version(), r.name(), r.commit(), false, r.prerelease());
        releases.set(i, published);
        return published;
      }
    }
    throw new IllegalArgumentException("no release " + version);
  }

  @Override
  public synchronized DraftResult draftRelease(CommitSha commit) {
    failures.throwIfScripted();
    SemanticVersion next =
        releases.stream()
            .filter(r -> !r.draft())
            .flatMap(r -> r.version().semantic().stream())
            .max(Comparator.naturalOrder())
            .map(v -> v.bump(bump))
            .orElse(new SemanticVersion(0, 1, 0));
    ReleaseVersion version = ReleaseVersion.of(next, tagTemplate);
    String name = ReleaseVersion.of(next, nameTemplate).tag();
    for (int i = 0; i < releases.size(); i++) {
      Release r = releases.get(i);
      if (r.draft()) {
        if (r.commit().equals(commit) && r.version().equals(version)) {
          return new DraftResult(r, DraftResult.Outcome.UNCHANGED);
        }
        Release updated = new Release(r.id(), version, name, commit, true, false);
        releases.set(i, updated);
        return new DraftResult(updated, DraftResult.Outcome.UPDATED);
      }
    }
    creates++;
    Release created =
        new Release(Integer.toString(releases.size() + 1), version, name, commit, true, false);
    releases.add(created);
    return new DraftResult(created, DraftResult.Outcome.CREATED);
  }

  @Override
  public synchronized Optional<Release> release(ReleaseVersion version) {
    failures.throwIfScripted();
    return releases.stream().filter(r -> r.version().equals(version)).findFirst();
  }

  @Override
  public synchronized Optional<CommitSha> commitOf(ReleaseVersion version) {
    failures.throwIfScripted();
    return releases.stream()
        .filter(r -> !r.draft() && r.version().equals(version))
        .map(Release::commit)
        .findFirst();
  }

  @Override
  public synchronized String toString() {
    return "FakeReleaseSource"
        + releases.stream().map(r -> r.version() + (r.draft() ? "(draft)" : "")).toList();
  }
}
