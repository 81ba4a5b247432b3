package dev.baton;

import dev.baton.spi.DeploymentRecord;
import java.util.List;
import java.util.Optional;

/**
 * The automatic rollback after a failed verification, where the environment asks for it: chooses
 * the target's last verified digest (the one {@link Planner#rollbackCandidate} chooses, as an
 * explicit rollback does), has the run deploy and verify it again, and reports what happened. The
 * run still fails: what it throws is the verification's failure, with the rollback's outcome added
 * to its message and a {@link PipelineEvent.AutoRollback} emitted before it.
 */
final class AutoRollback {
  /**
   * Deploys and then verifies the rollback, each as a step of the run with its events, under the
   * lease the failed deploy still holds (so no other run changes the target in between); throws the
   * first step's failure.
   */
  @FunctionalInterface
  interface Redeploy {
    void run(PlannedAction.Deploy deploy, PlannedAction.Verify verify);
  }

  private final Wiring w;
  private final RunId run;

  /**
   * @param run the run whose events the rollback emits
   */
  AutoRollback(Wiring w, RunId run) {
    this.w = w;
    this.run = run;
  }

  /**
   * Rolls the failed step's target back, if it ever passed verification with another digest.
   *
   * @param failedStep the verification that failed
   * @param failure its failure, the cause of what is returned
   * @param redeploy how the run deploys and verifies the rollback
   * @return the failure to throw, whatever the rollback's outcome
   */
  DeploymentFailedException after(
      PlannedAction.Verify failedStep, Environment env, BatonException failure, Redeploy redeploy) {
    DeploymentTarget target = failedStep.target();
    Digest failed = failedStep.image().digest().orElseThrow();
    Optional<DeploymentRecord> candidate = new Planner(w).rollbackCandidate(target, failed);
    if (candidate.isEmpty()) {
      return report(
          failure,
          failedStep,
          Optional.empty(),
          PipelineEvent.AutoRollback.Outcome.NOTHING_TO_ROLL_BACK_TO,
          "no automatic rollback: " + target + " never passed verification with another digest",
          null);
    }
    DeploymentRecord to = candidate.get();
    String reason =
        "automatic rollback of "
            + target
            + " from "
            + failed.shortForm()
            + " to "
            + to.digest().shortForm()
            + " after a failed verification: "
            + failure.getMessage();
    var rollout =
        new PlannedAction.Rollout(
            target, env.stack(), to.image(), to.commit(), w.variables(env, target));
    try {
      redeploy.run(
          new PlannedAction.Deploy(rollout, reason),
          new PlannedAction.Verify(rollout, "check " + target + " is healthy after the rollback"));
    } catch (BatonException e) {
      return report(
          failure,
          failedStep,
          Optional.of(to.digest()),
          PipelineEvent.AutoRollback.Outcome.FAILED,
          "automatic rollback to " + to.digest().shortForm() + " failed: " + e.getMessage(),
          e);
    }
    return report(
        failure,
        failedStep,
        Optional.of(to.digest()),
        PipelineEvent.AutoRollback.Outcome.ROLLED_BACK,
        "rolled back automatically to "
            + to.digest().shortForm()
            + " (commit "
            + to.commit().shortForm()
            + "), which is healthy",
        null);
  }

  /**
   * Emits what the automatic rollback did, and returns the deploy's failure with that added to its
   * message; the failure is its cause, a failure of the rollback itself is suppressed in it.
   */
  private DeploymentFailedException report(
      BatonException failure,
      PlannedAction.Verify failedStep,
      Optional<Digest> to,
      PipelineEvent.AutoRollback.Outcome outcome,
      String detail,
      BatonException rollbackFailure) {
    w.emit(
        new PipelineEvent.AutoRollback(
            run,
            failedStep.target(),
            failedStep.image().digest().orElseThrow(),
            to,
            outcome,
            detail));
    DeploymentFailedException out =
        new DeploymentFailedException(
            failure.getMessage() + "; " + detail, failure.hint(), List.of(), failure);
    if (rollbackFailure != null) {
      out.addSuppressed(rollbackFailure);
    }
    return out;
  }
}
