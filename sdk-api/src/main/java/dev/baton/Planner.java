package dev.baton;

import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Resolution;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.Selection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
   */
  Plan plan(Trigger trigger, boolean offline) {
    Resolution resolution = w.resolver().resolve(trigger);
    List<PlannedAction> out = new ArrayList<>();
    Map<CommitSha, ImageReference> builds = new HashMap<>();
    Set<Tag> releaseTags = new HashSet<>();
    Map<EnvironmentName, Digest> deployed = new HashMap<>();
    for (Selection s : resolution.selections()) {
      Environment env = w.environments().get(s.target().environment());
      if (s instanceof Selection.Destroy d) {
        out.add(
            new PlannedAction.Destroy(
                d.target(), env.stack(), w.variables(env, d.target()), d.reason()));
      } else if (s instanceof Selection.Deploy d) {
        ImageReference build = builds.computeIfAbsent(d.commit(), c -> build(c, offline));
        addDeploy(out, env, d.target(), d.commit(), build, d.reason(), offline, deployed);
      } else if (s instanceof Selection.DeployRelease d) {
        ImageReference build = builds.computeIfAbsent(d.commit(), c -> build(c, offline));
        Tag tag = d.version().imageTag();
        ImageReference release = w.repository().withTag(tag);
        if (build.isPinned()) {
          release = release.withDigest(build.digest().get());
        }
        if (releaseTags.add(tag)) {
          if (!offline) {
            w.checkNotQuarantined(build.digest().orElseThrow(), "promote it as " + tag);
            checkReleaseTag(release);
          }
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
    }
    return new Plan(trigger, withOverrides(resolution.reason()), out);
  }

  /**
   * The plan that deploys again the digest a target ran before its current one, with approval where
   * required: the last successful deployment is the current one, the latest inactive one with
   * another digest the one rolled back to. Its executor skips the upstream check, since that digest
   * already ran here.
   *
   * @throws NotFoundException when the ledger knows no current or no earlier digest
   */
  Plan rollback(DeploymentTarget target) {
    Environment env = w.environments().get(target.environment());
    List<DeploymentRecord> history =
        w.ledger().history(target.environment()).stream()
            .filter(d -> d.target().equals(target))
            .toList();
    DeploymentRecord current =
        history.stream()
            .filter(d -> d.state() == DeploymentState.SUCCESS)
            .findFirst()
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "nothing is deployed to " + target,
                        "a rollback needs a current deployment and an earlier one",
                        null));
    DeploymentRecord previous = rollbackCandidate(target, history, current);
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
   * The one choice of the deployment a target rolls back to: the newest earlier one that succeeded
   * there (now inactive), with another digest than the current one, whose digest is not
   * quarantined.
   *
   * @param history the target's deployments, newest first
   * @param current the deployment it runs
   * @throws NotFoundException when there is none, naming the quarantined digests passed over
   */
  DeploymentRecord rollbackCandidate(
      DeploymentTarget target, List<DeploymentRecord> history, DeploymentRecord current) {
    Set<Digest> passedOver = new LinkedHashSet<>();
    for (DeploymentRecord d : history) {
      if (d.state() != DeploymentState.INACTIVE || d.digest().equals(current.digest())) {
        continue;
      }
      if (w.ledger().quarantined(d.digest()).isEmpty()) {
        return d;
      }
      passedOver.add(d.digest());
    }
    String message = "no earlier digest was deployed to " + target + " before " + current.digest();
    if (passedOver.isEmpty()) {
      throw new NotFoundException(message, "there is nothing to roll back to", null);
    }
    throw new NotFoundException(
        message + " that is not quarantined (passed over: " + passedOver + ")",
        "deploy a known-good commit instead, or release a quarantine that no longer applies with"
            + " baton quarantine --release DIGEST --reason TEXT",
        null);
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
