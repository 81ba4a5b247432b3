package dev.baton.testkit;

import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalGate;
import dev.baton.spi.ApprovalRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An {@link ApprovalGate} that answers at once: by default it approves as {@code reviewer}; queue
 * answers with {@link #nextDecision}, switch to rejecting with {@link #rejectAll}. Records every
 * request. Safe for concurrent use.
 */
public final class FakeApprovalGate implements ApprovalGate {
  private final Deque<ApprovalDecision> scripted = new ArrayDeque<>();
  private final List<ApprovalRequest> requests = new ArrayList<>();
  private ApprovalDecision standing = ApprovalDecision.approvedBy("reviewer");

  /** A gate that approves everything. */
  public FakeApprovalGate() {}

  /**
   * @param decision the answer to the next request only
   * @return this
   */
  public synchronized FakeApprovalGate nextDecision(ApprovalDecision decision) {
    scripted.add(decision);
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
    return List.copyOf(requests);
  }

  @Override
  public synchronized ApprovalDecision await(ApprovalRequest request) {
    requests.add(request);
    ApprovalDecision next = scripted.poll();
    return next != null ? next : standing;
  }
}
