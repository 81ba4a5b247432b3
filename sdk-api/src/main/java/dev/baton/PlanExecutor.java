package dev.baton;

import dev.baton.spi.ApprovalDecision;
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

  RunResult run(Plan plan) {
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

  private ActionOutcome approve(PlannedAction.AwaitApproval a) {
    Environment env = env(a);
    checkImage(a, env);
    checkWindow(a, env);
    if (w.approvals() == null) {
      throw new ApprovalMissingException(env.name(), "no approval gate is configured");
    }
    ApprovalDecision d =
        w.approvals()
            .await(
                new ApprovalRequest(
                    a.target(), a.commit(), a.image(), a.reason(), w.approvalTimeout()));
    if (!d.approved()) {
      throw new ApprovalMissingException(
          env.name(),
          "rejected by " + d.reviewer() + (d.comment().isEmpty() ? "" : ": " + d.comment()));
    }
    return new ActionOutcome(a, "approved by " + d.reviewer(), "", false);
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
      Optional<DeploymentRecord> current = w.ledger().current(target);
      if (!rollback) {
        w.checkNotOlder(target, a.commit(), current);
      }
      Fence fence = Fence.of(held.token(), current);
      held.check();
      DeploymentRecord record =
          w.ledger().begin(target, a.commit(), a.image(), a.variables(), fence);
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
        handedOver = true;
      } else {
        succeed(record, url, held, fence);
        deployed.put(env.name(), record.digest());
      }
      String detail = r + (r.hint().isEmpty() ? "" : " (" + r.hint() + ")");
      return new ActionOutcome(a, detail, url, r.outcome() != DeployResult.Outcome.NO_CHANGES);
    } finally {
      if (!handedOver) {
        held.close();
      }
    }
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
    try (LeaseCoordinator.Held held = p.lease()) {
      VerificationResult v;
      try {
        v =
            w.verifier()
                .verify(
                    new VerificationRequest(
                        target, env.stack(), a.image(), p.outputs(), w.verifyTimeout()),
                    line -> w.emit(new PipelineEvent.Progress(run, a, line)));
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
        throw unhealthy;
      }
      succeed(p.record(), url, held, p.fence());
      deployed.put(env.name(), p.record().digest());
      return new ActionOutcome(
          a, v.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + v.detail(), url, false);
    }
  }

  /** Invariant 5: the destroy repeats the variables its deploy ran with, as recorded. */
  private ActionOutcome destroy(PlannedAction.Destroy a) {
    Environment env = env(a);
    DeploymentTarget target = a.target();
    try (LeaseCoordinator.Held held =
        w.leases()
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
