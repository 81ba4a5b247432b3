package dev.baton.spi;

/**
 * Waits for a human decision before a deploy to an environment that requires approval.
 *
 * <p>Implementations are safe for concurrent use. A decision that does not come before the
 * request's timeout is a {@link dev.baton.OperationTimeoutException}; an interrupted wait restores
 * the interrupt flag and throws.
 */
public interface ApprovalGate {
  /**
   * @param request what waits
   * @return the decision
   */
  ApprovalDecision await(ApprovalRequest request);
}
