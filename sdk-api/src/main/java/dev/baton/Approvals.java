package dev.baton;

import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.ApprovalRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The approval step of a run: gathers an environment's approvals for a digest until its {@link
 * ApprovalPolicy} is met (N distinct approvers, none of them the commit's author or the release's
 * publisher where the policy says not-author), recording each one counted in the ledger.
 */
final class Approvals {
  private final Wiring w;
  private final Trigger trigger;

  /**
   * @param trigger the run's trigger, which says whether the run is a release (whose publisher may
   *     not approve under a not-author policy)
   */
  Approvals(Wiring w, Trigger trigger) {
    this.w = w;
    this.trigger = trigger;
  }

  /**
   * Gathers the environment's approvals: those the ledger holds for this digest (while the
   * environment has not yet run it; a later deploy of it, such as a rollback, asks again) and then
   * the gate's, one decision at a time, until the policy's count of distinct approvers, none of
   * them excluded, is reached. Each approval counted is recorded in the ledger. A gate that answers
   * with someone already counted or excluded cannot make progress: the step is refused with the
   * count so far, and a later run (a re-run of the job, approved by someone else) adds to it.
   */
  ActionOutcome await(PlannedAction.AwaitApproval a, Environment env) {
    if (w.approvals() == null) {
      throw new ApprovalMissingException(env.name(), "no approval gate is configured");
    }
    ApprovalPolicy policy = env.approvals();
    Set<String> excluded = excluded(env, policy);
    Digest digest = a.image().digest().orElseThrow();
    Set<String> approvers = new LinkedHashSet<>();
    for (ApprovalRecord r : w.ledger().approvals(env.name())) {
      if (r.digest().equals(digest) && !excluded.contains(r.reviewer())) {
        approvers.add(r.reviewer());
      }
    }
    // Approvals count until the environment first runs the digest (a later rollback asks again).
    // Asked only when some are recorded: a ledger that keeps none (GitHub) pays no read for it.
    if (!approvers.isEmpty() && w.ledger().hasSucceeded(env.name(), digest)) {
      approvers.clear();
    }
    while (approvers.size() < policy.required()) {
      ApprovalDecision d =
          w.approvals()
              .await(
                  new ApprovalRequest(
                      a.target(),
                      a.commit(),
                      a.image(),
                      a.reason(),
                      w.approvalTimeout(),
                      policy.required(),
                      List.copyOf(approvers),
                      excluded));
      if (!d.approved()) {
        throw new ApprovalMissingException(
            env.name(),
            "rejected by " + d.reviewer() + (d.comment().isEmpty() ? "" : ": " + d.comment()));
      }
      if (excluded.contains(d.reviewer()) || approvers.contains(d.reviewer())) {
        throw new ApprovalMissingException(
            env.name(),
            approvers.size()
                + " of "
                + policy.required()
                + " approvals so far"
                + (approvers.isEmpty() ? "" : " (" + String.join(", ", approvers) + ")")
                + ": "
                + d.reviewer()
                + (excluded.contains(d.reviewer())
                    ? " wrote the commit or published the release, and may not approve it"
                    : " approved already")
                + "; have another reviewer approve, then run again");
      }
      approvers.add(d.reviewer());
      record(env, a, policy, d.reviewer());
    }
    return new ActionOutcome(a, "approved by " + String.join(", ", approvers), "", false);
  }

  /**
   * Who may not approve under a not-author policy: the commit's author and, on a release, its
   * publisher. Unknown people cannot be refused, so an unknown one refuses the step instead.
   */
  private Set<String> excluded(Environment env, ApprovalPolicy policy) {
    if (!policy.notAuthor()) {
      return Set.of();
    }
    Authors authors = w.authors();
    boolean release =
        trigger instanceof ReleaseTrigger
            || (trigger instanceof ManualTrigger m
                && m.operation() == ManualTrigger.Operation.RELEASE);
    String missing =
        authors.commitAuthor().isEmpty()
            ? "the commit's author"
            : release && authors.releasePublisher().isEmpty() ? "the release's publisher" : "";
    if (!missing.isEmpty()) {
      throw new ConfigurationException(
          env.name()
              + " may not be approved by the commit's author or the release's publisher"
              + " (approval not-author), but "
              + missing
              + " is unknown",
          "run from a GitHub push, pull_request or release event, whose payload names them, or"
              + " give them with PromotionPipeline.withAuthors(new Authors(author, publisher))");
    }
    Set<String> out = new LinkedHashSet<>();
    out.add(authors.commitAuthor());
    if (!authors.releasePublisher().isEmpty()) {
      out.add(authors.releasePublisher());
    }
    return out;
  }

  /**
   * Records an approval in the ledger. A ledger that keeps none (GitHub Deployments, whose own
   * reviews record it) is enough for a single approval, not for more.
   */
  private void record(
      Environment env, PlannedAction.AwaitApproval a, ApprovalPolicy policy, String reviewer) {
    try {
      w.ledger()
          .recordApproval(
              new ApprovalRecord(
                  env.name(),
                  a.image().digest().orElseThrow(),
                  a.commit(),
                  reviewer,
                  w.clock().instant()));
    } catch (UnsupportedLedgerFeatureException e) {
      if (policy.required() > 1) {
        throw e;
      }
    }
  }
}
