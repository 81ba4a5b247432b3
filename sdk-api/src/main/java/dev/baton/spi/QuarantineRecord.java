package dev.baton.spi;

import dev.baton.Digest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A digest kept from every deploy and promotion, and who put it there, why and when; or, given to
 * {@link DeploymentLedger#release}, who lifted such a quarantine, why and when.
 *
 * @param digest the image digest
 * @param reason why: 1 to {@value #MAX_REASON} characters, no control characters but tabs
 * @param who who decided ({@code GITHUB_ACTOR}, the OS user, {@value #AUTOMATIC} for a failed
 *     verification): 1 to 200 printable characters
 * @param at when, by the pipeline's clock, to the millisecond (as every ledger keeps it)
 */
public record QuarantineRecord(Digest digest, String reason, String who, Instant at) {
  /** The longest reason a ledger must keep. */
  public static final int MAX_REASON = 1000;

  /** Who quarantines a digest whose verification failed, on an environment that asks for it. */
  public static final String AUTOMATIC = "baton (failed verification)";

  /**
   * Checks that nothing is null and the reason and who are within bounds; both are stripped, and
   * the time is cut to the millisecond.
   *
   * @param digest the image digest
   * @param reason why
   * @param who who decided
   * @param at when
   */
  public QuarantineRecord {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    Owners.check(who, "quarantine's who");
    reason = reason.strip();
    who = who.strip();
    at = at.truncatedTo(ChronoUnit.MILLIS);
    if (reason.isEmpty()
        || reason.length() > MAX_REASON
        || reason.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
      throw new IllegalArgumentException(
          "invalid quarantine reason of "
              + reason.length()
              + " characters: expected 1 to "
              + MAX_REASON
              + " characters on one line, saying why");
    }
  }

  /** {@return {@code DIGEST quarantined by WHO at AT: REASON}} */
  @Override
  public String toString() {
    return digest + " quarantined by " + who + " at " + at + ": " + reason;
  }
}
