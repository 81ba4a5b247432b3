package dev.baton;

import dev.baton.spi.Lease;

/**
 * A lease could not be renewed: its time ran out and the key was granted to someone else (a pause
 * longer than the time to live, a lost network). The work it guarded stops, and its fencing token
 * keeps it from writing anything more.
 */
public final class LeaseLostException extends StaleWriteException {
  private static final long serialVersionUID = 1L;

  /**
   * @param lease the lease that was lost
   */
  public LeaseLostException(Lease lease) {
    super(
        lease.key().toString(),
        "the lease with token " + lease.token() + " was lost to another holder");
  }
}
