package dev.baton;

import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Fence;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.Progress;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Executes one plan, step by step, re-checking each invariant at the moment it matters (the
 * registry and the ledger may have changed since the plan). One instance per run.
 */
final class PlanExecutor {
  private final Wiring w;
  private final RunId run;
  private final boolean rollback;
  private final Map<CommitSha, ResolvedImage> builds = new HashMap<>();
  private final Map<CommitSha, ResolvedImage> justResolved;
  private final Deployments deployments;
  private final Set<DeploymentTarget> brokeGlass = new HashSet<>();
  private final Map<DeploymentTarget, LeaseCoordinator.Held> given = new HashMap<>();
  private Approvals approvals;

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
    this.deployments = new Deployments(w, this::progress);
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
    approvals = new Approvals(w, plan.trigger());
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (PlannedAction a : plan.actions()) {
      outcomes.add(step(a, () -> execute(a), deployments::failPending));
    }
    return new RunResult(plan, outcomes);
  }

  /**
   * Runs one step between its {@link PipelineEvent.Started} and {@link PipelineEvent.Succeeded}
   * events. A failure is handed to {@code cleanUp}, then emitted as {@link PipelineEvent.Failed}
   * and thrown; one that is not a {@link BatonException} is first wrapped as a permanent provider
   * failure naming the step.
   */
  private ActionOutcome step(
      PlannedAction a, Supplier<ActionOutcome> body, Consumer<RuntimeException> cleanUp) {
    w.emit(new PipelineEvent.Started(run, a));
    ActionOutcome o;
    try {
      o = body.get();
    } catch (BatonException e) {
      cleanUp.accept(e);
      w.emit(new PipelineEvent.Failed(run, a, e));
      throw e;
    } catch (RuntimeException e) {
      ProviderException wrapped =
          ProviderException.permanent(a.type().wireName() + " failed: " + e, e);
      cleanUp.accept(wrapped);
      w.emit(new PipelineEvent.Failed(run, a, wrapped));
      throw wrapped;
    }
    w.emit(new PipelineEvent.Succeeded(run, a, o.detail(), o.changed()));
    return o;
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

  /** Where a step's provider reports what it waits for: the step's progress events. */
  private Progress progress(PlannedAction a) {
    return line -> w.emit(new PipelineEvent.Progress(run, a, line));
  }

  /** Takes the lease of the step's target, reporting the wait as the step's progress. */
  private LeaseCoordinator.Held lease(
      PlannedAction.Targeted a, Optional<CommitSha> commit, QueueMode mode) {
    return w.leases()
        .acquire(LeaseKey.of(a.target()), a.target().toString(), commit, mode, progress(a)::line);
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
        TagWriter.write(w.registry(), w.leases(), build, tagged, policy, progress(a)::line);
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
      w.checkUpstream(env, planned, deployments.succeeded());
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

  /** The window and the image are checked as for a deploy, then the approvals are gathered. */
  private ActionOutcome approve(PlannedAction.AwaitApproval a) {
    Environment env = env(a);
    checkImage(a, env);
    checkWindow(a, env);
    return approvals.await(a, env);
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
    LeaseCoordinator.Held held = lease(a, Optional.of(a.commit()), env.queue());
    boolean handedOver = false;
    try {
      ActionOutcome o = deployments.deploy(a, env, held, !rollback);
      handedOver = deployments.isPending(target);
      return o;
    } finally {
      if (!handedOver) {
        held.close();
      }
    }
  }

  /**
   * Verifies the target's pending deploy and gives up its lease; a failed verification is followed
   * by the automatic rollback where the environment asks for it (never during a rollback).
   */
  private ActionOutcome verify(PlannedAction.Verify a) {
    Environment env = env(a);
    Deployments.Pending p = deployments.take(a.target());
    boolean mayRollBack = env.autoRollback() && !rollback;
    try {
      return deployments.verify(
          a, env, p, e -> mayRollBack ? autoRollback(a, env, p.lease(), e) : e);
    } finally {
      p.lease().close();
    }
  }

  /**
   * The automatic rollback after a failed verification ({@link AutoRollback}): its deploy and
   * verification run as steps of this run, under the lease the failed deploy still holds.
   */
  private DeploymentFailedException autoRollback(
      PlannedAction.Verify failedStep,
      Environment env,
      LeaseCoordinator.Held held,
      BatonException failure) {
    DeploymentTarget target = failedStep.target();
    Consumer<RuntimeException> abandon = e -> deployments.drop(target);
    return new AutoRollback(w, run)
        .after(
            failedStep,
            env,
            failure,
            (deploy, verify) -> {
              step(deploy, () -> deployments.deploy(deploy, env, held, false), abandon);
              step(
                  verify,
                  () -> deployments.verify(verify, env, deployments.take(target), e -> e),
                  abandon);
            });
  }

  /** Invariant 5: the destroy repeats the variables its deploy ran with, as recorded. */
  private ActionOutcome destroy(PlannedAction.Destroy a) {
    Environment env = env(a);
    DeploymentTarget target = a.target();
    LeaseCoordinator.Held taken = given.remove(target);
    try (LeaseCoordinator.Held held =
        taken != null ? taken : lease(a, Optional.empty(), QueueMode.FIFO)) {
      Optional<DeploymentRecord> current = w.ledger().current(target);
      Map<String, String> vars = current.map(DeploymentRecord::variables).orElse(a.variables());
      DestroyResult r =
          w.deployer().destroy(new DestroyRequest(target, env.stack(), vars), progress(a));
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
}
