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
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes one plan, step by step, re-checking each invariant at the moment it matters (the
 * registry and the ledger may have changed since the plan). One instance per run.
 */
final class PlanExecutor {
  private record Pending(DeploymentRecord record, StackOutputs outputs) {}

  private final Wiring w;
  private final RunId run;
  private final boolean checkUpstream;
  private final Map<CommitSha, ResolvedImage> builds = new HashMap<>();
  private final Map<CommitSha, ResolvedImage> justResolved;
  private final Map<DeploymentTarget, Pending> pending = new LinkedHashMap<>();
  private final Map<EnvironmentName, Digest> deployed = new HashMap<>();

  /**
   * @param run the run whose events this executor emits
   * @param checkUpstream false only for a rollback, whose digest already ran in the environment
   * @param justResolved builds the planner read moments ago for this run; empty for a plan made
   *     earlier, whose builds are read again
   */
  PlanExecutor(
      Wiring w, RunId run, boolean checkUpstream, Map<CommitSha, ResolvedImage> justResolved) {
    this.w = w;
    this.run = run;
    this.checkUpstream = checkUpstream;
    this.justResolved = justResolved;
  }

  RunResult run(Plan plan) {
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (PlannedAction a : plan.actions()) {
      w.emit(new PipelineEvent.Started(run, a));
      try {
        ActionOutcome o = execute(a);
        outcomes.add(o);
        w.emit(new PipelineEvent.Succeeded(run, a, o.detail()));
      } catch (BatonException e) {
        failPending();
        w.emit(new PipelineEvent.Failed(run, a, e));
        throw e;
      } catch (RuntimeException e) {
        failPending();
        ProviderException wrapped =
            ProviderException.permanent(a.type().wireName() + " failed: " + e, e);
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

  /** A release tag never moves (invariant 3): another digest under it is a conflict. */
  private ActionOutcome releaseTag(PlannedAction.ReleaseTag a) {
    ResolvedImage build = build(a.commit());
    ImageReference tagged = w.repository().withTag(a.tag());
    Digest existing = w.registry().resolve(tagged).map(ResolvedImage::digest).orElse(null);
    if (existing != null && !existing.equals(build.digest())) {
      throw new TagConflictException(tagged, existing, build.digest());
    }
    if (existing != null) {
      // Just read on the right digest: nothing to write, nothing to read back.
      return outcome(a, TagResult.ALREADY_PRESENT, tagged, build);
    }
    return writeTag(a, build, a.tag(), TagPolicy.NO_CLOBBER);
  }

  /** An environment's moving tags ({@code latest}) follow what it runs. */
  private ActionOutcome movingTag(PlannedAction.MovingTag a) {
    return writeTag(a, build(a.commit()), a.tag(), TagPolicy.ALLOW_MOVE);
  }

  /** Writes the tag, then reads it back: a write that did not stick is a retryable failure. */
  private ActionOutcome writeTag(PlannedAction a, ResolvedImage build, Tag tag, TagPolicy policy) {
    ImageReference tagged = w.repository().withTag(tag);
    TagResult result = w.registry().tag(build, tag, policy);
    Digest now = w.registry().resolve(tagged).map(ResolvedImage::digest).orElse(null);
    if (!build.digest().equals(now)) {
      throw ProviderException.retryable(
          "registry reported "
              + result
              + " for "
              + tagged
              + " but the tag resolves to "
              + now
              + ", not "
              + build.digest(),
          "retry; the tag write did not stick",
          null);
    }
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
        "");
  }

  /** The planned digest is still the commit's build, and the upstream ran it (invariants 2, 4). */
  private void checkImage(PlannedAction.OfImage a, Environment env) {
    ResolvedImage build = build(a.commit());
    Digest planned = a.image().digest().orElseThrow();
    if (!planned.equals(build.digest())) {
      throw new RebuildDetectedException(a.commit(), planned, build.digest());
    }
    if (checkUpstream) {
      w.checkUpstream(env, planned, deployed);
    }
  }

  private ActionOutcome approve(PlannedAction.AwaitApproval a) {
    Environment env = env(a);
    checkImage(a, env);
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
    return new ActionOutcome(a, "approved by " + d.reviewer(), "");
  }

  private ActionOutcome deploy(PlannedAction.Deploy a) {
    Environment env = env(a);
    checkImage(a, env);
    DeploymentTarget target = a.target();
    DeploymentRecord record = w.ledger().begin(target, a.commit(), a.image(), a.variables());
    DeployResult r;
    try {
      r =
          w.deployer()
              .deploy(
                  new DeployRequest(target, env.stack(), a.image(), a.variables()),
                  line -> w.emit(new PipelineEvent.Progress(run, a, line)));
    } catch (RuntimeException e) {
      w.ledger().finish(record, DeploymentState.FAILURE, "");
      throw e;
    }
    String url = r.outputs().url().map(Object::toString).orElse("");
    if (w.verifier() != null) {
      pending.put(target, new Pending(record, r.outputs()));
    } else {
      w.ledger().finish(record, DeploymentState.SUCCESS, url);
      deployed.put(env.name(), record.digest());
    }
    String detail = r + (r.hint().isEmpty() ? "" : " (" + r.hint() + ")");
    return new ActionOutcome(a, detail, url);
  }

  private ActionOutcome verify(PlannedAction.Verify a) {
    Environment env = env(a);
    DeploymentTarget target = a.target();
    Pending p = pending.remove(target);
    if (p == null) {
      throw new IllegalStateException("verify of " + target + " without a deploy before it");
    }
    VerificationResult v;
    try {
      v =
          w.verifier()
              .verify(
                  new VerificationRequest(
                      target, env.stack(), a.image(), p.outputs(), w.verifyTimeout()),
                  line -> w.emit(new PipelineEvent.Progress(run, a, line)));
    } catch (RuntimeException e) {
      w.ledger().finish(p.record(), DeploymentState.FAILURE, "");
      throw e;
    }
    String url = p.outputs().url().map(Object::toString).orElse("");
    if (!v.passed()) {
      w.ledger().finish(p.record(), DeploymentState.FAILURE, url);
      throw new DeploymentFailedException(
          "deployment of " + a.image() + " to " + target + " is unhealthy: " + v.detail(),
          Hints.UNHEALTHY,
          List.of(),
          null);
    }
    w.ledger().finish(p.record(), DeploymentState.SUCCESS, url);
    deployed.put(env.name(), p.record().digest());
    return new ActionOutcome(
        a, v.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + v.detail(), url);
  }

  /** Invariant 5: the destroy repeats the variables its deploy ran with, as recorded. */
  private ActionOutcome destroy(PlannedAction.Destroy a) {
    Environment env = env(a);
    DeploymentTarget target = a.target();
    Map<String, String> vars =
        w.ledger().current(target).map(DeploymentRecord::variables).orElse(a.variables());
    DestroyResult r =
        w.deployer()
            .destroy(
                new DestroyRequest(target, env.stack(), vars),
                line -> w.emit(new PipelineEvent.Progress(run, a, line)));
    w.ledger().deactivate(target);
    return new ActionOutcome(a, r.describe(), "");
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
        "");
  }

  private void failPending() {
    for (Pending p : pending.values()) {
      try {
        w.ledger().finish(p.record(), DeploymentState.FAILURE, "");
      } catch (RuntimeException ignored) {
        // The original failure is what the caller needs; the ledger write is best effort here.
      }
    }
    pending.clear();
  }
}
