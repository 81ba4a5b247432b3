package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One person's approval of a digest for an environment, as the ledger keeps it: approvals add up
 * across runs until an environment's {@linkplain dev.baton.ApprovalPolicy policy} has enough
 * distinct approvers.
 *
 * @param environment the environment approved
 * @param digest the digest approved
 * @param commit its commit
 * @param reviewer who approved: 1 to 200 printable characters
 * @param at when, by the pipeline's clock, to the millisecond
 */
public record ApprovalRecord(
    EnvironmentName environment, Digest digest, CommitSha commit, String reviewer, Instant at) {
  /**
   * Checks nothing is null and the reviewer is within bounds; cuts the time to the millisecond.
   *
   * @param environment the environment approved
   * @param digest the digest approved
   * @param commit its commit
   * @param reviewer who approved
   * @param at when
   */
  public ApprovalRecord {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(at, "at");
    Owners.check(reviewer, "approval's reviewer");
    reviewer = reviewer.strip();
    at = at.truncatedTo(ChronoUnit.MILLIS);
  }
}
