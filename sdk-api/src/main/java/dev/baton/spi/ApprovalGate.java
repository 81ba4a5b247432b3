package dev.baton.spi;

/**
 * Waits for a human decision before a deploy to an environment that requires approval.
 *
 * <p>Implementations are safe for concurrent use. A decision that does not come before the
 * request's timeout is a {@link dev.baton.OperationTimeoutException}, with a hint saying whom to
 * ask; an interrupted wait throws {@link dev.baton.OperationCancelledException#interrupted}, which
 * restores the interrupt flag.
 */
public interface ApprovalGate {
  /**
   * @param request what waits
   * @return the decision
   */
  ApprovalDecision await(ApprovalRequest request);
}
