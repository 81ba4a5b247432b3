package dev.baton;

import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.ApprovalRequest;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Fence;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.QuarantineRecord;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Executes one plan, step by step, re-checking each invariant at the moment it matters (the
 * registry and the ledger may have changed since the plan). One instance per run.
 */
final class PlanExecutor {
  private record Pending(
      DeploymentRecord record, StackOutputs outputs, LeaseCoordinator.Held lease, Fence fence) {}

  private final Wiring w;
  private final RunId run;
  private final boolean rollback;
  private final Map<CommitSha, ResolvedImage> builds = new HashMap<>();
  private final Map<CommitSha, ResolvedImage> justResolved;
  private final Map<DeploymentTarget, Pending> pending = new LinkedHashMap<>();
  private final Map<EnvironmentName, Digest> deployed = new HashMap<>();
  private final Set<DeploymentTarget> brokeGlass = new HashSet<>();
  private final Map<DeploymentTarget, LeaseCoordinator.Held> given = new HashMap<>();
  private Trigger trigger;

  /**
   * @param run the run whose events this executor emits
   * @param rollback true for a rollback, whose digest already ran in the environment (no upstream
   *     check) and which may move a target back to an older commit
   * @param justResolved builds the planner read moments ago for this run; empty for a plan made
   *     earlier, whose builds are read again
   */
  PlanExecutor(Wiring w, RunId run, boolean rollback, Map<CommitSha, ResolvedImage> justResolved) {
    this.w = w;
    this.run = run;
    this.rollback = rollback;
    this.justResolved = justResolved;
  }

  /**
   * Hands over a lease the caller already took for a target, so that the plan's destroy of that
   * target runs under it rather than waiting for its own; the executor closes it.
   *
   * @return this executor
   */
  PlanExecutor underLease(DeploymentTarget target, LeaseCoordinator.Held held) {
    given.put(target, held);
    return this;
  }

  RunResult run(Plan plan) {
    trigger = plan.trigger();
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (PlannedAction a : plan.actions()) {
      w.emit(new PipelineEvent.Started(run, a));
      try {
        ActionOutcome o = execute(a);
        outcomes.add(o);
        w.emit(new PipelineEvent.Succeeded(run, a, o.detail(), o.changed()));
      } catch (BatonException e) {
        failPending(e);
        w.emit(new PipelineEvent.Failed(run, a, e));
        throw e;
      } catch (RuntimeException e) {
        ProviderException wrapped =
            ProviderException.permanent(a.type().wireName() + " failed: " + e, e);
        failPending(wrapped);
        w.emit(new PipelineEvent.Failed(run, a, wrapped));
        throw wrapped;
      }
    }
    return new RunResult(plan, outcomes);
  }

  private ActionOutcome execute(PlannedAction a) {
    if (a instanceof PlannedAction.ReleaseTag t) {
      return releaseTag(t);
    } else if (a instanceof PlannedAction.MovingTag t) {
      return movingTag(t);
    } else if (a instanceof PlannedAction.AwaitApproval approval) {
      return approve(approval);
    } else if (a instanceof PlannedAction.Deploy deploy) {
      return deploy(deploy);
    } else if (a instanceof PlannedAction.Verify verify) {
      return verify(verify);
    } else if (a instanceof PlannedAction.Destroy destroy) {
      return destroy(destroy);
    } else if (a instanceof PlannedAction.DraftRelease draft) {
      return draft(draft);
    }
    throw new IllegalStateException("no executor for " + a.getClass());
  }

  private ResolvedImage build(CommitSha commit) {
    return builds.computeIfAbsent(
        commit,
        c -> justResolved.containsKey(c) ? w.record(c, justResolved.get(c)) : w.registerBuild(c));
  }

  private Environment env(PlannedAction.Targeted a) {
    return w.environments().get(a.target().environment());
  }

  /**
   * A release tag never moves (invariant 3): another digest under it is a conflict. Writers of one
   * tag are serialised by the lease, so the registry's check of the tag, the write and the
   * read-back are one step for every Baton writer ({@link TagWriter}).
   */
  private ActionOutcome releaseTag(PlannedAction.ReleaseTag a) {
    w.checkNotQuarantined(build(a.commit()).digest(), "promote it as " + a.tag());
    return writeTag(a, build(a.commit()), a.tag(), TagPolicy.NO_CLOBBER);
  }

  /** An environment's moving tags ({@code latest}) follow what it runs. */
  private ActionOutcome movingTag(PlannedAction.MovingTag a) {
    return writeTag(a, build(a.commit()), a.tag(), TagPolicy.ALLOW_MOVE);
  }

  private ActionOutcome writeTag(PlannedAction a, ResolvedImage build, Tag tag, TagPolicy policy) {
    ImageReference tagged = w.repository().withTag(tag);
    TagResult result =
        TagWriter.write(
            w.registry(),
            w.leases(),
            build,
            tagged,
            policy,
            line -> w.emit(new PipelineEvent.Progress(run, a, line)));
    return outcome(a, result, tagged, build);
  }

  private static ActionOutcome outcome(
      PlannedAction a, TagResult result, ImageReference tagged, ResolvedImage build) {
    return new ActionOutcome(
        a,
        result.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + ": "
            + tagged
            + " -> "
            + build.digest(),
        "",
        result != TagResult.ALREADY_PRESENT);
  }

  /**
   * The planned digest is still the commit's build, the upstream ran it (invariants 2, 4) for the
   * soak.
   */
  private void checkImage(PlannedAction.OfImage a, Environment env) {
    ResolvedImage build = build(a.commit());
    Digest planned = a.image().digest().orElseThrow();
    if (!planned.equals(build.digest())) {
      throw new RebuildDetectedException(a.commit(), planned, build.digest());
    }
    w.checkNotQuarantined(planned, "deploy to " + env.name());
    if (!rollback) {
      w.checkUpstream(env, planned, deployed);
      w.checkSoak(env, planned, Map.of());
    }
  }

  /** The environment is open now, or a break-glass override lets the step through, recorded. */
  private void checkWindow(PlannedAction.Targeted a, Environment env) {
    w.checkWindow(env)
        .ifPresent(
            overridden -> {
              if (brokeGlass.add(a.target())) {
                w.emit(
                    new PipelineEvent.BreakGlassUsed(run, a.target(), w.breakGlass(), overridden));
              }
            });
  }

  /**
   * Gathers the environment's approvals: those the ledger holds for this digest (while the
   * environment has not yet run it; a later deploy of it, such as a rollback, asks again) and then
   * the gate's, one decision at a time, until the policy's count of distinct approvers, none of
   * them excluded, is reached. Each approval counted is recorded in the ledger. A gate that answers
   * with someone already counted or excluded cannot make progress: the step is refused with the
   * count so far, and a later run (a re-run of the job, approved by someone else) adds to it.
   */
  private ActionOutcome approve(PlannedAction.AwaitApproval a) {
    Environment env = env(a);
    checkImage(a, env);
    checkWindow(a, env);
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
      recordApproval(env, a, policy, d.reviewer());
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
  private void recordApproval(
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

  /**
   * Takes the target's lease, checks the target does not move back to an older commit, and deploys
   * with a fenced ledger record. The lease is held until the deploy is verified (or at once given
   * up when there is no verifier).
   */
  private ActionOutcome deploy(PlannedAction.Deploy a) {
    Environment env = env(a);
    checkImage(a, env);
    checkWindow(a, env);
    DeploymentTarget target = a.target();
    LeaseCoordinator.Held held =
        w.leases()
            .acquire(
                LeaseKey.of(target),
                target.toString(),
                Optional.of(a.commit()),
                env.queue(),
                line -> w.emit(new PipelineEvent.Progress(run, a, line)));
    boolean handedOver = false;
    try {
      ActionOutcome o = deployHeld(a, env, held, !rollback);
      handedOver = pending.containsKey(target);
      return o;
    } finally {
      if (!handedOver) {
        held.close();
      }
    }
  }

  /**
   * Deploys under a lease already held: a fenced ledger record, the deploy, and either a success
   * recorded at once (no verifier) or the deployment left pending for its verification.
   *
   * @param checkNotOlder false for a rollback, which may move the target back to an older commit
   */
  private ActionOutcome deployHeld(
      PlannedAction.Deploy a, Environment env, LeaseCoordinator.Held held, boolean checkNotOlder) {
    DeploymentTarget target = a.target();
    Optional<DeploymentRecord> current = w.ledger().current(target);
    if (checkNotOlder) {
      w.checkNotOlder(target, a.commit(), current);
    }
    Fence fence = Fence.of(held.token(), current);
    held.check();
    DeploymentRecord record = w.ledger().begin(target, a.commit(), a.image(), a.variables(), fence);
    DeployResult r;
    try {
      r =
          w.deployer()
              .deploy(
                  new DeployRequest(target, env.stack(), a.image(), a.variables()),
                  line -> w.emit(new PipelineEvent.Progress(run, a, line)));
    } catch (RuntimeException e) {
      recordFailure(record, "", e);
      throw e;
    }
    String url = r.outputs().url().map(Object::toString).orElse("");
    if (w.verifier() != null) {
      pending.put(target, new Pending(record, r.outputs(), held, fence));
    } else {
      succeed(record, url, held, fence);
      deployed.put(env.name(), record.digest());
    }
    String detail = r + (r.hint().isEmpty() ? "" : " (" + r.hint() + ")");
    return new ActionOutcome(a, detail, url, r.outcome() != DeployResult.Outcome.NO_CHANGES);
  }

  /**
   * Records a success under the lease's fence; a refused one is recorded as a failure of this
   * deployment and thrown.
   */
  private void succeed(DeploymentRecord record, String url, LeaseCoordinator.Held held, Fence f) {
    try {
      held.check();
      w.ledger().finish(record, DeploymentState.SUCCESS, url, f);
    } catch (StaleWriteException e) {
      recordFailure(record, url, e);
      throw e;
    }
  }

  /**
   * Records a deployment's failure, even on an interrupted thread (the interrupt is cleared for the
   * write and restored after it, so that a ledger whose client gives up on interrupted threads
   * still records it). A failing write is added to {@code cause}, which stays what is thrown.
   */
  private void recordFailure(DeploymentRecord record, String url, RuntimeException cause) {
    boolean interrupted = Thread.interrupted();
    try {
      w.ledger().finish(record, DeploymentState.FAILURE, url);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ActionOutcome verify(PlannedAction.Verify a) {
    Environment env = env(a);
    DeploymentTarget target = a.target();
    Pending p = pending.remove(target);
    if (p == null) {
      throw new IllegalStateException("verify of " + target + " without a deploy before it");
    }
    try {
      return verifyHeld(a, env, p, env.autoRollback() && !rollback);
    } finally {
      p.lease().close();
    }
  }

  /**
   * Verifies a pending deployment under the lease its deploy took, which stays held. A deployment
   * found unhealthy, or whose verification timed out, is recorded as failed and, when {@code
   * mayRollBack}, followed by the automatic rollback before the failure is thrown.
   */
  private ActionOutcome verifyHeld(
      PlannedAction.Verify a, Environment env, Pending p, boolean mayRollBack) {
    DeploymentTarget target = a.target();
    VerificationResult v;
    try {
      v =
          w.verifier()
              .verify(
                  new VerificationRequest(
                      target, env.stack(), a.image(), p.outputs(), w.verifyTimeout()),
                  line -> w.emit(new PipelineEvent.Progress(run, a, line)));
    } catch (OperationTimeoutException e) {
      recordFailure(p.record(), "", e);
      if (mayRollBack) {
        throw autoRollback(a, env, p.lease(), e);
      }
      throw e;
    } catch (RuntimeException e) {
      recordFailure(p.record(), "", e);
      throw e;
    }
    String url = p.outputs().url().map(Object::toString).orElse("");
    if (!v.passed()) {
      DeploymentFailedException unhealthy =
          new DeploymentFailedException(
              "deployment of " + a.image() + " to " + target + " is unhealthy: " + v.detail(),
              Hints.UNHEALTHY,
              List.of(),
              null);
      recordFailure(p.record(), url, unhealthy);
      quarantineIfAsked(env, a, v.detail(), unhealthy);
      if (mayRollBack) {
        throw autoRollback(a, env, p.lease(), unhealthy);
      }
      throw unhealthy;
    }
    succeed(p.record(), url, p.lease(), p.fence());
    deployed.put(env.name(), p.record().digest());
    return new ActionOutcome(
        a, v.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + v.detail(), url, false);
  }

  /**
   * After a failed verification, deploys and verifies again the target's last verified digest (the
   * one {@link Planner#rollbackCandidate} chooses, as an explicit rollback does) under the lease
   * the failed deploy still holds, so no other run changes the target in between. The run still
   * fails: the returned exception is the verification's failure, with the rollback's outcome added
   * to its message and a {@link PipelineEvent.AutoRollback} emitted before it.
   */
  private DeploymentFailedException autoRollback(
      PlannedAction.Verify failedStep,
      Environment env,
      LeaseCoordinator.Held held,
      BatonException failure) {
    DeploymentTarget target = failedStep.target();
    Digest failed = failedStep.image().digest().orElseThrow();
    Optional<DeploymentRecord> candidate = new Planner(w).rollbackCandidate(target, failed);
    if (candidate.isEmpty()) {
      return rolledBack(
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
    PlannedAction.Deploy deployStep = new PlannedAction.Deploy(rollout, reason);
    PlannedAction.Verify verifyStep =
        new PlannedAction.Verify(rollout, "check " + target + " is healthy after the rollback");
    PlannedAction step = deployStep;
    try {
      w.emit(new PipelineEvent.Started(run, deployStep));
      ActionOutcome deployedAgain = deployHeld(deployStep, env, held, false);
      w.emit(
          new PipelineEvent.Succeeded(
              run, deployStep, deployedAgain.detail(), deployedAgain.changed()));
      step = verifyStep;
      w.emit(new PipelineEvent.Started(run, verifyStep));
      ActionOutcome verified = verifyHeld(verifyStep, env, pending.remove(target), false);
      w.emit(new PipelineEvent.Succeeded(run, verifyStep, verified.detail(), false));
    } catch (BatonException e) {
      pending.remove(target);
      w.emit(new PipelineEvent.Failed(run, step, e));
      return rolledBack(
          failure,
          failedStep,
          Optional.of(to.digest()),
          PipelineEvent.AutoRollback.Outcome.FAILED,
          "automatic rollback to " + to.digest().shortForm() + " failed: " + e.getMessage(),
          e);
    }
    return rolledBack(
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
  private DeploymentFailedException rolledBack(
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

  /**
   * Quarantines the digest whose verification failed, where the environment asks for it, with the
   * failure as the reason (on one line, cut to the longest reason a ledger keeps). A failing write
   * is added to {@code cause}, which stays what is thrown.
   */
  private void quarantineIfAsked(
      Environment env, PlannedAction.Verify a, String detail, RuntimeException cause) {
    if (!env.quarantineOnFailedVerification()) {
      return;
    }
    String reason =
        ("verification of " + a.target() + " failed: " + detail).replaceAll("\\p{Cntrl}+", " ");
    if (reason.length() > QuarantineRecord.MAX_REASON) {
      reason = reason.substring(0, QuarantineRecord.MAX_REASON - 3) + "...";
    }
    try {
      w.ledger()
          .quarantine(
              new QuarantineRecord(
                  a.image().digest().orElseThrow(),
                  reason,
                  QuarantineRecord.AUTOMATIC,
                  w.clock().instant()));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Invariant 5: the destroy repeats the variables its deploy ran with, as recorded. */
  private ActionOutcome destroy(PlannedAction.Destroy a) {
    Environment env = env(a);
    DeploymentTarget target = a.target();
    LeaseCoordinator.Held taken = given.remove(target);
    try (LeaseCoordinator.Held held =
        taken != null
            ? taken
            : w.leases()
                .acquire(
                    LeaseKey.of(target),
                    target.toString(),
                    Optional.empty(),
                    QueueMode.FIFO,
                    line -> w.emit(new PipelineEvent.Progress(run, a, line)))) {
      Optional<DeploymentRecord> current = w.ledger().current(target);
      Map<String, String> vars = current.map(DeploymentRecord::variables).orElse(a.variables());
      DestroyResult r =
          w.deployer()
              .destroy(
                  new DestroyRequest(target, env.stack(), vars),
                  line -> w.emit(new PipelineEvent.Progress(run, a, line)));
      held.check();
      w.ledger().deactivate(target, Fence.of(held.token(), current));
      return new ActionOutcome(
          a, r.describe(), "", r.outcome() != DestroyResult.Outcome.NOTHING_TO_DESTROY);
    }
  }

  private ActionOutcome draft(PlannedAction.DraftRelease a) {
    DraftResult r = w.releases().draftRelease(a.commit());
    return new ActionOutcome(
        a,
        r.outcome().name().toLowerCase(java.util.Locale.ROOT)
            + " draft release "
            + r.release().version()
            + " ("
            + r.release().name()
            + ")",
        "",
        r.outcome() != DraftResult.Outcome.UNCHANGED);
  }

  /** Records the deploys still waiting for verification as failed; adds write errors to cause. */
  private void failPending(RuntimeException cause) {
    for (Pending p : pending.values()) {
      try {
        recordFailure(p.record(), "", cause);
      } finally {
        p.lease().close();
      }
    }
    pending.clear();
  }
}
