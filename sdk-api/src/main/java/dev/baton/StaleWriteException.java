package dev.baton;

/**
 * A write was refused because another run changed the same target since this one read it, or took
 * its lease over: the compare-and-set of the ledger, or a lease that was granted to someone else.
 * Nothing was changed by the refused write. Running again converges on what the newer run did.
 */
public class StaleWriteException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** What the refused write was about, e.g. {@code target/dev}. */
  private final String subject;

  /**
   * @param subject what the refused write was about, e.g. a deployment target or a lease key
   * @param reason why it was refused
   */
  public StaleWriteException(String subject, String reason) {
    super(
        "refused a stale write to " + subject + ": " + reason,
        "another run changed " + subject + " meanwhile; run again to converge on its result");
    this.subject = subject;
  }

  /** {@return what the refused write was about} */
  public String subject() {
    return subject;
  }
}
