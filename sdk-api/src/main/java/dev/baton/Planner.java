package dev.baton;

import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Resolution;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.Selection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Makes every {@link Plan}: for a trigger, or for a rollback. It only reads: the registry (to pin
 * digests), the ledger and the commit history (to check invariants 2 to 4, soaks, and that no
 * target moves back to an older commit early, so a refused plan deploys nothing), and the clock
 * (deployment windows and freezes). Offline, it reads nothing and leaves digests unresolved.
 */
final class Planner {
  private final Wiring w;
  private final Map<CommitSha, ResolvedImage> resolved = new HashMap<>();
  private final List<String> overridden = new ArrayList<>();

  Planner(Wiring w) {
    this.w = w;
  }

  /**
   * The builds this planner read from the registry, so that a run executing its plan at once need
   * not read them again (an executor still records and checks them against the ledger).
   */
  Map<CommitSha, ResolvedImage> resolvedBuilds() {
    return Map.copyOf(resolved);
  }

  /**
   * The plan for a trigger, as the resolver selects environments for it.
   *
   * @param offline true to read nothing and leave digests unresolved
   * @param only the environments to plan, the others' selections left out with nothing read for
   *     them; empty for all. An environment that needs one left out finds it in the ledger, as a
   *     later job of the same flow would.
   */
  Plan plan(Trigger trigger, boolean offline, Set<EnvironmentName> only) {
    only.forEach(w.environments()::get);
    Resolution resolution = w.resolver().resolve(trigger);
    List<PlannedAction> out = new ArrayList<>();
    List<Gate> gates = new ArrayList<>();
    Map<CommitSha, ImageReference> builds = new HashMap<>();
    Set<Tag> releaseTags = new HashSet<>();
    Map<EnvironmentName, Digest> deployed = new HashMap<>();
    for (Selection s : resolution.selections()) {
      if (!only.isEmpty() && !only.contains(s.target().environment())) {
        continue;
      }
      Environment env = w.environments().get(s.target().environment());
      if (s instanceof Selection.Destroy d) {
        out.add(
            new PlannedAction.Destroy(
                d.target(), env.stack(), w.variables(env, d.target()), d.reason()));
        continue;
      }
      if (gatedBefore(env, gates)) {
        continue;
      }
      // A policy's refusal gates this environment (and those that need it) instead of the whole
      // plan; the actions planned before it stay. Refusals that make the whole trigger wrong (a
      // rebuild, a release tag naming another digest) and every other failure still throw.
      try {
        if (s instanceof Selection.Deploy d) {
          ImageReference build = builds.computeIfAbsent(d.commit(), c -> build(c, offline));
          addDeploy(out, env, d.target(), d.commit(), build, d.reason(), offline, deployed);
        } else if (s instanceof Selection.DeployRelease d) {
          ImageReference build = builds.computeIfAbsent(d.commit(), c -> build(c, offline));
          Tag tag = d.version().imageTag();
          ImageReference release = w.repository().withTag(tag);
          if (build.isPinned()) {
            release = release.withDigest(build.digest().get());
          }
          if (!releaseTags.contains(tag)) {
            if (!offline) {
              w.checkNotQuarantined(build.digest().orElseThrow(), "promote it as " + tag);
              checkReleaseTag(release);
            }
            releaseTags.add(tag);
            out.add(
                new PlannedAction.ReleaseTag(
                    build,
                    tag,
                    d.commit(),
                    "promote "
                        + build.tag().map(Tag::value).orElse("the build")
                        + " as "
                        + tag
                        + " (registry-side retag, no rebuild)"));
          }
          addDeploy(out, env, d.target(), d.commit(), release, d.reason(), offline, deployed);
        }
      } catch (DigestQuarantinedException
          | UpstreamGateException
          | OlderCommitException
          | DeploymentWindowClosedException e) {
        gates.add(new Gate(env.name(), kind(env, e), e.getMessage(), e));
      }
    }
    String reason = resolution.reason();
    if (!only.isEmpty()) {
      reason +=
          " (this run: only "
              + new TreeSet<>(only.stream().map(EnvironmentName::value).toList())
              + ")";
    }
    return new Plan(trigger, withOverrides(reason), out, gates);
  }

  /**
   * Whether {@code env} is gated already, or needs an environment that is; for the latter, records
   * its own gate, with the refusal of the gate it waits for.
   */
  private static boolean gatedBefore(Environment env, List<Gate> gates) {
    for (Gate g : gates) {
      if (g.environment().equals(env.name())) {
        return true;
      }
    }
    for (Gate g : gates) {
      if (env.needs().contains(g.environment())) {
        gates.add(
            new Gate(
                env.name(),
                "upstream",
                "needs " + g.environment() + ", which is gated (" + g.kind() + ")",
                g.refusal()));
        return true;
      }
    }
    return false;
  }

  /** The word a {@link Gate} names a refusal by. */
  private String kind(Environment env, PolicyViolationException refusal) {
    if (refusal instanceof DeploymentWindowClosedException) {
      Instant now = w.clock().instant();
      return env.freezes().stream().anyMatch(f -> f.contains(now)) ? "freeze" : "window";
    }
    if (refusal instanceof SoakIncompleteException) {
      return "soak";
    }
    if (refusal instanceof UpstreamNotDeployedException) {
      return "upstream";
    }
    if (refusal instanceof DigestQuarantinedException) {
      return "quarantine";
    }
    if (refusal instanceof OlderCommitException) {
      return "older-commit";
    }
    throw new IllegalStateException("no gate kind for " + refusal.getClass().getName());
  }

  /**
   * The plan that deploys again the digest a target ran before its current one, with approval where
   * required: the last successful deployment is the current one, and the one rolled back to is
   * {@link #rollbackCandidate} away from it. Its executor skips the upstream check, since that
   * digest already ran here.
   *
   * @throws NotFoundException when the ledger knows no current or no earlier digest
   */
  Plan rollback(DeploymentTarget target) {
    Environment env = w.environments().get(target.environment());
    DeploymentRecord current =
        w.ledger()
            .current(target)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "nothing is deployed to " + target,
                        "a rollback needs a current deployment and an earlier one",
                        null));
    DeploymentRecord previous =
        rollbackCandidate(target, current.digest())
            .orElseThrow(() -> noRollbackCandidate(target, current.digest()));
    String reason =
        "roll "
            + target
            + " back from "
            + current.digest().shortForm()
            + " to "
            + previous.digest().shortForm();
    List<PlannedAction> out = new ArrayList<>();
    w.checkWindow(env).ifPresent(overridden::add);
    addRollout(out, env, target, previous.commit(), previous.image(), reason);
    return new Plan(
        new ManualTrigger(ManualTrigger.Operation.DEPLOY, target, previous.commit(), null, reason),
        withOverrides(reason),
        out);
  }

  /**
   * The deployment a target goes back to when it leaves {@code from}: the newest one of that target
   * that passed (current or since superseded) with another digest, whose digest is not quarantined.
   * The one choice behind both an explicit {@link #rollback} and the automatic rollback after a
   * failed verification.
   *
   * @param target the target rolled back
   * @param from the digest it leaves (its current one, or the one that just failed)
   * @return the deployment to deploy again; empty when no other digest that is not quarantined ever
   *     passed there
   */
  Optional<DeploymentRecord> rollbackCandidate(DeploymentTarget target, Digest from) {
    return passedBefore(target, from)
        .filter(d -> w.ledger().quarantined(d.digest()).isEmpty())
        .findFirst();
  }

  /**
   * Why {@link #rollbackCandidate} found nothing: no other digest ever passed there, or every one
   * that did is quarantined (they are named).
   */
  NotFoundException noRollbackCandidate(DeploymentTarget target, Digest from) {
    Set<Digest> passedOver = new LinkedHashSet<>();
    passedBefore(target, from).forEach(d -> passedOver.add(d.digest()));
    String message = "no earlier digest was deployed to " + target + " before " + from;
    if (passedOver.isEmpty()) {
      return new NotFoundException(message, "there is nothing to roll back to", null);
    }
    return new NotFoundException(
        message + " that is not quarantined (passed over: " + passedOver + ")",
        "deploy a known-good commit instead, or release a quarantine that no longer applies with"
            + " baton quarantine --release DIGEST --reason TEXT",
        null);
  }

  /** The target's deployments that passed with another digest than {@code from}, newest first. */
  private Stream<DeploymentRecord> passedBefore(DeploymentTarget target, Digest from) {
    return w.ledger().history(target.environment()).stream()
        .filter(d -> d.target().equals(target))
        .filter(d -> d.state() == DeploymentState.SUCCESS || d.state() == DeploymentState.INACTIVE)
        .filter(d -> !d.digest().equals(from));
  }

  /** The reason, followed by the break-glass override and what it let through, if it did. */
  private String withOverrides(String reason) {
    if (overridden.isEmpty()) {
      return reason;
    }
    return reason + " [" + w.breakGlass() + "; overrides: " + String.join("; ", overridden) + "]";
  }

  private ImageReference build(CommitSha commit, boolean offline) {
    if (offline) {
      return w.repository().withTag(w.tagScheme().tagFor(commit));
    }
    ResolvedImage image = w.checkedBuild(commit);
    resolved.put(commit, image);
    return image.pinned();
  }

  /** A release tag that already names another digest is a conflict, found before anything runs. */
  private void checkReleaseTag(ImageReference release) {
    Digest wanted = release.digest().orElseThrow();
    Optional<ResolvedImage> existing = w.registry().resolve(release.withoutDigest());
    if (existing.isPresent() && !existing.get().digest().equals(wanted)) {
      throw new TagConflictException(release.withoutDigest(), existing.get().digest(), wanted);
    }
  }

  private void addDeploy(
      List<PlannedAction> out,
      Environment env,
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      String reason,
      boolean offline,
      Map<EnvironmentName, Digest> deployed) {
    if (!offline) {
      w.checkNotQuarantined(image.digest().orElseThrow(), "deploy to " + target);
      w.checkUpstream(env, image.digest().orElseThrow(), deployed);
      w.checkSoak(env, image.digest().orElseThrow(), deployed);
      w.checkNotOlder(target, commit, w.ledger().current(target));
      w.checkWindow(env).ifPresent(overridden::add);
    }
    addRollout(out, env, target, commit, image, reason);
    for (Tag moving : env.movingTags()) {
      out.add(
          new PlannedAction.MovingTag(
              target,
              image,
              moving,
              commit,
              "move " + moving + " to what " + env.name() + " runs"));
    }
    if (env.draftsRelease()) {
      out.add(
          new PlannedAction.DraftRelease(
              target, commit, "create or update the draft release at " + commit.shortForm()));
    }
    image.digest().ifPresent(d -> deployed.put(env.name(), d));
  }

  /** The approval where required, the deploy, and its verification when a verifier is set. */
  private void addRollout(
      List<PlannedAction> out,
      Environment env,
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      String reason) {
    var rollout =
        new PlannedAction.Rollout(target, env.stack(), image, commit, w.variables(env, target));
    if (env.requiresApproval()) {
      out.add(new PlannedAction.AwaitApproval(rollout, env.name() + " requires approval"));
    }
    out.add(new PlannedAction.Deploy(rollout, reason));
    if (w.verifier() != null) {
      out.add(new PlannedAction.Verify(rollout, "check " + target + " is healthy"));
    }
  }
}
