package dev.baton.testkit;

import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalGate;
import dev.baton.spi.ApprovalRequest;
import java.util.List;

/**
 * An {@link ApprovalGate} that answers at once: by default it approves as {@code reviewer}; queue
 * answers with {@link #nextDecision}, switch to rejecting with {@link #rejectAll}. Records every
 * request. Safe for concurrent use.
 */
public final class FakeApprovalGate implements ApprovalGate {
  private final ScriptedAnswers<ApprovalRequest, ApprovalDecision> script = new ScriptedAnswers<>();
  private ApprovalDecision standing = ApprovalDecision.approvedBy("reviewer");

  /** A gate that approves everything. */
  public FakeApprovalGate() {}

  /**
   * @param decision the answer to the next request only
   * @return this
   */
  public synchronized FakeApprovalGate nextDecision(ApprovalDecision decision) {
    script.queue(decision);
    return this;
  }

  /**
   * @param reviewer who rejects
   * @param comment why
   * @return this, now rejecting every request
   */
  public synchronized FakeApprovalGate rejectAll(String reviewer, String comment) {
    standing = ApprovalDecision.rejectedBy(reviewer, comment);
    return this;
  }

  /**
   * @param reviewer who approves
   * @return this, now approving every request
   */
  public synchronized FakeApprovalGate approveAll(String reviewer) {
    standing = ApprovalDecision.approvedBy(reviewer);
    return this;
  }

  /** {@return every request so far} */
  public synchronized List<ApprovalRequest> requests() {
    return script.requests();
  }

  @Override
  public synchronized ApprovalDecision await(ApprovalRequest request) {
    script.record(request);
    return script.next(() -> standing);
  }
}
