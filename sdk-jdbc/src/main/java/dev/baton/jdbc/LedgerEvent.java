package dev.baton.jdbc;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the history {@link PostgresDeploymentLedger} keeps in table {@code events}: what
 * happened, to what, by whom, when and why. Entries are only ever added.
 *
 * @param id the entry's number, growing in the order entries were written
 * @param at when it was written, by the database's clock
 * @param kind what happened
 * @param environment the environment concerned; empty for a build or a release tag
 * @param target the deployment target concerned; empty when none
 * @param actor who did it: the actor the ledger was made with
 * @param commit the commit concerned, when known
 * @param digest the image digest concerned, when known
 * @param deployment the ledger's id of the deployment concerned, when there is one
 * @param token the fencing token of the write; 0 for an unfenced one
 * @param reason why, or what was refused and why; may be empty
 */
public record LedgerEvent(
    long id,
    Instant at,
    Kind kind,
    Optional<EnvironmentName> environment,
    Optional<DeploymentTarget> target,
    String actor,
    Optional<CommitSha> commit,
    Optional<Digest> digest,
    Optional<String> deployment,
    long token,
    String reason) {
  /**
   * Checks nothing is null.
   *
   * @param id the entry's number, growing in the order entries were written
   * @param at when it was written, by the database's clock
   * @param kind what happened
   * @param environment the environment concerned; empty for a build or a release tag
   * @param target the deployment target concerned; empty when none
   * @param actor who did it: the actor the ledger was made with
   * @param commit the commit concerned, when known
   * @param digest the image digest concerned, when known
   * @param deployment the ledger's id of the deployment concerned, when there is one
   * @param token the fencing token of the write; 0 for an unfenced one
   * @param reason why, or what was refused and why; may be empty
   */
  public LedgerEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(reason, "reason");
  }

  /** What an entry records, with the name stored in the table. */
  public enum Kind {
    /** The first build of a commit was recorded. */
    BUILD_RECORDED("build-recorded"),
    /** A deployment started. */
    DEPLOY_STARTED("deploy-started"),
    /** A deployment succeeded and became its target's current one. */
    DEPLOY_SUCCEEDED("deploy-succeeded"),
    /** A deployment failed. */
    DEPLOY_FAILED("deploy-failed"),
    /** A target's deployments were made inactive: its instance was destroyed. */
    DEACTIVATED("deactivated"),
    /** A write or a run was refused: a stale fenced write, or a policy. */
    REFUSED("refused"),
    /** A tag was pointed at a digest. */
    TAG_WRITTEN("tag-written"),
    /** A deploy was approved. */
    APPROVED("approved"),
    /** A deploy's approval was refused or did not come. */
    REJECTED("rejected"),
    /** A digest was quarantined: no environment takes it until it is released. */
    QUARANTINED("quarantined"),
    /** A digest's quarantine was lifted. */
    RELEASED("released");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** {@return the name in table {@code events} and in JSON: {@code deploy-started}, ...} */
    public String wireName() {
      return wireName;
    }

    /**
     * @param wireName a name from {@link #wireName()}
     * @return the kind
     * @throws IllegalArgumentException when no kind has that name
     */
    public static Kind ofWireName(String wireName) {
      return Arrays.stream(values())
          .filter(k -> k.wireName.equals(wireName))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown event kind " + wireName));
    }
  }
}
