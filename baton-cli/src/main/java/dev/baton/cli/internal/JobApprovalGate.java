package dev.baton.cli.internal;

import dev.baton.EnvironmentName;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalGate;
import dev.baton.spi.ApprovalRequest;
import java.util.Set;

/**
 * Approval as GitHub Actions gives it: a job that declares {@code environment: prod} only starts
 * once the environment's required reviewers approved it, so an environment is approved exactly when
 * the job says so with {@code baton run --approve prod}. Any other environment that requires
 * approval is rejected, and the run stops before deploying it.
 */
final class JobApprovalGate implements ApprovalGate {
  private final Set<EnvironmentName> approved;
  private final String job;
  private final String option;

  /**
   * @param approved the environments this job was approved for, with {@code --approve ENV}
   * @param job who approved, for the record (the workflow run)
   */
  JobApprovalGate(Set<EnvironmentName> approved, String job) {
    this(approved, job, "--approve ");
  }

  /**
   * @param approved the environments this job was approved for
   * @param job who approved, for the record (the workflow run)
   * @param option the option that says so, followed by the environment in messages: {@code
   *     "--approve "}, or {@code "--approved"} with nothing after it
   */
  JobApprovalGate(Set<EnvironmentName> approved, String job, String option) {
    this.approved = Set.copyOf(approved);
    this.job = job;
    this.option = option;
  }

  @Override
  public ApprovalDecision await(ApprovalRequest request) {
    EnvironmentName env = request.target().environment();
    if (approved.contains(env)) {
      return ApprovalDecision.approvedBy(
          "GitHub environment protection rules for " + env + " (" + job + ")");
    }
    return ApprovalDecision.rejectedBy(
        job,
        env
            + " requires approval, and this job was not"
            + " approved for it: deploy "
            + env
            + " from a job that declares 'environment: "
            + env
            + "' (so GitHub asks its required reviewers first) and pass '"
            + option
            + (option.endsWith(" ") ? env : "")
            + "'");
  }
}
