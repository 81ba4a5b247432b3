package dev.baton;

import dev.baton.spi.CommitHistory;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes tags the way the pipeline does, for tools that tag outside a pipeline run (the {@code
 * baton promote} command, a release script): under the tag's lease, and counted only if the tag is
 * on the digest afterwards. A write costs the registry's {@link ImageRegistry#tag} (its own check
 * of the tag, then the write) and one {@link ImageRegistry#currentDigest} to read the tag back; a
 * tag already on the digest costs the check alone.
 *
 * <ul>
 *   <li>{@link TagPolicy#NO_CLOBBER}: a tag already on another digest is a {@link
 *       TagConflictException} and nothing is written; on the same digest it is {@link
 *       TagResult#ALREADY_PRESENT} with no write; after a write, a tag found on another digest is a
 *       conflict too (another writer created it meanwhile), never "created".
 *   <li>{@link TagPolicy#ALLOW_MOVE}: written, then read back; a tag that did not stick is a
 *       retryable {@link ProviderException}.
 * </ul>
 *
 * <p>The lease serialises every writer that uses the same {@link LeaseStore}: in memory by default
 * (one process), or a shared store (DynamoDB, PostgreSQL) for every process of a flow. Writers that
 * use none are caught only when their write lands before the read-back (the registry API has no
 * conditional write). Safe for concurrent use.
 */
public final class TagWriter {
  private final ImageRegistry registry;
  private final LeaseCoordinator leases;

  private TagWriter(ImageRegistry registry, LeaseCoordinator leases) {
    this.registry = registry;
    this.leases = leases;
  }

  /**
   * @param registry where the tags are written
   * @return a builder
   */
  public static Builder builder(ImageRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Tags {@code image} with {@code tagged}'s tag, under the tag's lease.
   *
   * @param image the image, as resolved
   * @param tagged the repository and tag to write
   * @param policy whether the tag may move
   * @param progress receives a line while the write waits for the tag's lease
   * @return what the write did
   * @throws TagConflictException when a no-clobber tag is, or ends, on another digest
   */
  public TagResult write(
      ResolvedImage image, ImageReference tagged, TagPolicy policy, Consumer<String> progress) {
    return write(registry, leases, image, tagged, policy, progress);
  }

  /** The one implementation, shared with the pipeline's executor. */
  static TagResult write(
      ImageRegistry registry,
      LeaseCoordinator leases,
      ResolvedImage image,
      ImageReference tagged,
      TagPolicy policy,
      Consumer<String> progress) {
    Tag tag = tagged.tag().orElseThrow(() -> new IllegalArgumentException(tagged + " has no tag"));
    try (LeaseCoordinator.Held held =
        leases.acquire(
            LeaseKey.ofTag(tagged),
            tagged.toString(),
            Optional.empty(),
            QueueMode.FIFO,
            progress)) {
      // No read of the tag first: tag() checks it itself (a tag on another digest is a conflict
      // under NO_CLOBBER, one on this digest costs no write), and under the lease no Baton writer
      // can move it between that check and the write.
      held.check();
      TagResult result = registry.tag(image, tag, policy);
      if (result == TagResult.ALREADY_PRESENT) {
        // The registry has just read the tag on the digest and written nothing: nothing to read
        // back.
        return result;
      }
      Digest now = registry.currentDigest(tagged).orElse(null);
      if (policy == TagPolicy.NO_CLOBBER && now != null && !image.digest().equals(now)) {
        // Another writer moved the tag between the registry's check and the read-back: a no-clobber
        // tag never moves, so that is a conflict, whatever the registry answered to this write.
        throw new TagConflictException(tagged, now, image.digest());
      }
      if (!image.digest().equals(now)) {
        throw ProviderException.retryable(
            "registry reported "
                + result
                + " for "
                + tagged
                + " but the tag resolves to "
                + now
                + ", not "
                + image.digest(),
            "retry; the tag write did not stick",
            null);
      }
      return result;
    }
  }

  @Override
  public String toString() {
    return "TagWriter[" + registry + ", " + leases.store() + "]";
  }

  /** Builds a {@link TagWriter}. */
  public static final class Builder extends LeaseSettings<Builder> {
    private final ImageRegistry registry;

    private Builder(ImageRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** {@return the writer} */
    public TagWriter build() {
      return new TagWriter(
          registry, coordinator(CommitHistory.UNKNOWN, Duration.ofMillis(500), Clock.systemUTC()));
    }
  }
}
