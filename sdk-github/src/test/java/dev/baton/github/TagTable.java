package dev.baton.github;

import dev.baton.CommitSha;
import dev.baton.ReleaseVersion;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of a {@link ReleaseSource} the event resolver uses, over a map of tags: what a
 * repository's tags point at. Drafting is not part of what the resolver may do, so it refuses.
 */
final class TagTable implements ReleaseSource {
  private final Map<ReleaseVersion, CommitSha> tags = new ConcurrentHashMap<>();
  private int lookups;

  TagTable tag(String tag, CommitSha commit) {
    tags.put(ReleaseVersion.parse(tag), commit);
    return this;
  }

  synchronized int lookups() {
    return lookups;
  }

  @Override
  public DraftResult draftRelease(CommitSha commit) {
    throw new UnsupportedOperationException("the event resolver must not draft releases");
  }

  @Override
  public Optional<Release> release(ReleaseVersion version) {
    throw new UnsupportedOperationException("the event resolver reads tags only");
  }

  @Override
  public synchronized Optional<CommitSha> commitOf(ReleaseVersion version) {
    lookups++;
    return Optional.ofNullable(tags.get(version));
  }
}
