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
import java.util.Optional;

/**
 * Executes one plan, step by step, re-checking each invariant at the moment it matters (the
 * registry and the ledger may have changed since the plan). One instance per run.
 */
final class Executor {
  private record Pending(DeploymentRecord record, StackOutputs outputs) {}

  private final Wiring w;
  private final boolean checkUpstream;
  private final Map<CommitSha, ResolvedImage> builds = new HashMap<>();
  private final Map<CommitSha, ResolvedImage> justResolved;
  private final Map<DeploymentTarget, Pending> pending = new LinkedHashMap<>();
  private final Map<EnvironmentName, Digest> deployed = new HashMap<>();

  /**
   * @param checkUpstream false only for a rollback, whose digest already ran in the environment
   * @param justResolved builds the planner read moments ago for this run; empty for a plan made
   *     earlier, whose builds are read again
   */
  Executor(Wiring w, boolean checkUpstream, Map<CommitSha, ResolvedImage> justResolved) {
    this.w = w;
    this.checkUpstream = checkUpstream;
    this.justResolved = justResolved;
  }

  RunResult run(Plan plan) {
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (PlannedAction a : plan.actions()) {
      w.emit(new PipelineEvent.Started(a));
      try {
        ActionOutcome o = execute(a);
        outcomes.add(o);
        w.emit(new PipelineEvent.Succeeded(a, o.detail()));
      } catch (BatonException e) {
        failPending();
        w.emit(new PipelineEvent.Failed(a, e));
        throw e;
      } catch (RuntimeException e) {
        failPending();
        ProviderException wrapped =
            ProviderException.permanent(a.type().wireName() + " failed: " + e, e);
        w.emit(new PipelineEvent.Failed(a, wrapped));
        throw wrapped;
      }
    }
    return new RunResult(plan, outcomes);
  }

  private ActionOutcome execute(PlannedAction a) {
    return switch (a.type()) {
      case TAG -> tag(a);
      case AWAIT_APPROVAL -> approve(a);
      case DEPLOY -> deploy(a);
      case VERIFY -> verify(a);
      case DESTROY -> destroy(a);
      case DRAFT_RELEASE -> draft(a);
    };
  }

  private ResolvedImage build(CommitSha commit) {
    return builds.computeIfAbsent(commit, c -> justResolved.containsKey(c)
        ? w.record(c, justResolved.get(c)) : w.registerBuild(c));
  }

  private Environment env(PlannedAction a) {
    return w.environments().get(a.target().orElseThrow().environment());
  }

  /** Release tags never move (invariant 3); an environment's moving tags ({@code latest}) do. */
  private ActionOutcome tag(PlannedAction a) {
    ResolvedImage build = build(a.commit().orElseThrow());
    Tag tag = a.tag().orElseThrow();
    ImageReference tagged = w.repository().withTag(tag);
    TagResult result;
    if (a.target().isPresent()) {
      result = w.registry().tag(build, tag, TagPolicy.ALLOW_MOVE);
    } else {
      Optional<ResolvedImage> existing = w.registry().resolve(tagged);
      if (existing.isPresent() && !existing.get().digest().equals(build.digest())) {
        throw new TagConflictException(tagged, existing.get().digest(), build.digest());
      }
      if (existing.isPresent()) {
        // Just read on the right digest: nothing to write, nothing to read back.
        return outcome(a, TagResult.ALREADY_PRESENT, tagged, build);
      }
      result = w.registry().tag(build, tag, TagPolicy.NO_CLOBBER);
    }
    Digest now = w.registry().resolve(tagged).map(ResolvedImage::digest).orElse(null);
    if (!build.digest().equals(now)) {
      throw ProviderException.retryable("registry reported " + result + " for " + tagged
          + " but the tag resolves to " + now + ", not " + build.digest(),
          "retry; the tag write did not stick", null);
    }
    return outcome(a, result, tagged, build);
  }

  private static ActionOutcome outcome(PlannedAction a, TagResult result, ImageReference tagged,
      ResolvedImage build) {
    return new ActionOutcome(a, result.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + ": " + tagged + " -> " + build.digest(), "");
  }

  private void checkImage(PlannedAction a, Environment env) {
    ImageReference image = a.image().orElseThrow();
    ResolvedImage build = build(a.commit().orElseThrow());
    Digest planned = image.digest().orElseThrow();
    if (!planned.equals(build.digest())) {
      throw new RebuildDetectedException(a.commit().get(), planned, build.digest());
    }
    if (checkUpstream) {
      w.checkUpstream(env, planned, deployed);
    }
  }

  private ActionOutcome approve(PlannedAction a) {
    Environment env = env(a);
    checkImage(a, env);
    if (w.approvals() == null) {
      throw new ApprovalMissingException(env.name(), "no approval gate is configured");
    }
    ApprovalDecision d = w.approvals().await(new ApprovalRequest(a.target().get(),
        a.commit().get(), a.image().get(), a.reason(), w.approvalTimeout()));
    if (!d.approved()) {
      throw new ApprovalMissingException(env.name(), "rejected by " + d.reviewer()
          + (d.comment().isEmpty() ? "" : ": " + d.comment()));
    }
    return new ActionOutcome(a, "approved by " + d.reviewer(), "");
  }

  private ActionOutcome deploy(PlannedAction a) {
    Environment env = env(a);
    checkImage(a, env);
    DeploymentTarget target = a.target().get();
    DeploymentRecord record =
        w.ledger().begin(target, a.commit().get(), a.image().get(), a.variables());
    DeployResult r;
    try {
      r = w.deployer().deploy(new DeployRequest(target, env.stack(), a.image().get(),
          a.variables()), line -> w.emit(new PipelineEvent.Progress(a, line)));
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

  private ActionOutcome verify(PlannedAction a) {
    Environment env = env(a);
    DeploymentTarget target = a.target().get();
    Pending p = pending.remove(target);
    if (p == null) {
      throw new IllegalStateException("verify of " + target + " without a deploy before it");
    }
    VerificationResult v;
    try {
      v = w.verifier().verify(new VerificationRequest(target, env.stack(), a.image().get(),
          p.outputs(), w.verifyTimeout()));
    } catch (RuntimeException e) {
      w.ledger().finish(p.record(), DeploymentState.FAILURE, "");
      throw e;
    }
    String url = p.outputs().url().map(Object::toString).orElse("");
    if (!v.passed()) {
      w.ledger().finish(p.record(), DeploymentState.FAILURE, url);
      throw new DeploymentFailedException("deployment of " + a.image().get() + " to " + target
          + " is unhealthy: " + v.detail(), Hints.UNHEALTHY, List.of(), null);
    }
    w.ledger().finish(p.record(), DeploymentState.SUCCESS, url);
    deployed.put(env.name(), p.record().digest());
    return new ActionOutcome(a, v.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": "
        + v.detail(), url);
  }

  /** Invariant 5: the destroy repeats the variables its deploy ran with, as recorded. */
  private ActionOutcome destroy(PlannedAction a) {
    Environment env = env(a);
    DeploymentTarget target = a.target().get();
    Map<String, String> vars = w.ledger().current(target)
        .map(DeploymentRecord::variables).orElse(a.variables());
    DestroyResult r = w.deployer().destroy(new DestroyRequest(target, env.stack(), vars),
        line -> w.emit(new PipelineEvent.Progress(a, line)));
    w.ledger().deactivate(target);
    return new ActionOutcome(a, r.outcome() == DestroyResult.Outcome.DESTROYED
        ? "destroyed " + r.destroyed() + " resources" : "nothing to destroy", "");
  }

  private ActionOutcome draft(PlannedAction a) {
    DraftResult r = w.releases().draftRelease(a.commit().orElseThrow());
    return new ActionOutcome(a, r.outcome().name().toLowerCase(java.util.Locale.ROOT)
        + " draft release " + r.release().version() + " (" + r.release().name() + ")", "");
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
