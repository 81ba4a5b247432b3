package dev.baton.jdbc;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** Random commits and images, and a whole fenced deploy, for the tests. */
final class TestValues {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestValues() {}

  static CommitSha commit() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return CommitSha.parse(HexFormat.of().formatHex(bytes));
  }

  /** A pinned build image of the commit, with a digest no other call returns. */
  static ImageReference image(CommitSha commit) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return ImageReference.parse("registry.example.test/acme/shop")
        .withTag(Tag.parse("sha-" + commit.shortForm()))
        .withDigest(Digest.sha256(bytes));
  }

  /** Begins and finishes a deploy of a new commit, fenced by the token and the current read now. */
  static DeploymentRecord deploy(DeploymentLedger ledger, DeploymentTarget target, long token) {
    CommitSha commit = commit();
    Fence fence = Fence.of(token, ledger.current(target));
    DeploymentRecord d =
        ledger.begin(new DeploymentStart(target, commit, image(commit), Map.of()), fence);
    return ledger.finish(d, DeploymentState.SUCCESS, "", fence);
  }
}
