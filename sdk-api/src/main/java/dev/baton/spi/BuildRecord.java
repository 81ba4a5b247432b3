package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.Digest;
import dev.baton.ImageReference;
import java.time.Instant;
import java.util.Objects;

/**
 * The image first seen for a commit: one commit, one digest.
 *
 * @param commit the commit
 * @param image the build's reference, pinned ({@code repo:sha-...@sha256:...})
 * @param recordedAt when it was first recorded
 */
public record BuildRecord(CommitSha commit, ImageReference image, Instant recordedAt) {
  /**
   * Checks that nothing is null and the image is pinned.
   *
   * @param commit the commit
   * @param image the build's reference, pinned ({@code repo:sha-...@sha256:...})
   * @param recordedAt when it was first recorded
   */
  public BuildRecord {
    DeploymentLedger.checkBuild(commit, image);
    Objects.requireNonNull(recordedAt, "recordedAt");
  }

  /** {@return the build's digest} */
  public Digest digest() {
    return image.digest().orElseThrow();
  }
}
