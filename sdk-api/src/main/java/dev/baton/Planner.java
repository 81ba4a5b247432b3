package dev.baton;

import dev.baton.spi.ResolvedImage;
import dev.baton.spi.Resolution;
import dev.baton.spi.Selection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a trigger into a {@link Plan}. It only reads: the registry (to pin digests) and the ledger
 * (to check invariants 2 to 4 early, so a refused plan deploys nothing). Offline, it reads nothing
 * and leaves digests unresolved.
 */
final class Planner {
  private final Wiring w;
  private final Map<CommitSha, ResolvedImage> resolved = new HashMap<>();

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

  Plan plan(Trigger trigger, boolean offline) {
    Resolution resolution = w.resolver().resolve(trigger);
    List<PlannedAction> out = new ArrayList<>();
    Map<CommitSha, ImageReference> builds = new HashMap<>();
    Set<Tag> releaseTags = new HashSet<>();
    Map<EnvironmentName, Digest> deployed = new HashMap<>();
    for (Selection s : resolution.selections()) {
      Environment env = w.environments().get(s.target().environment());
      if (s instanceof Selection.Destroy d) {
        out.add(new PlannedAction(ActionType.DESTROY, d.target(), env.stack(), null, null, null,
            w.variables(env, d.target()), d.reason()));
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
            checkReleaseTag(release);
          }
          out.add(new PlannedAction(ActionType.TAG, null, null, build, tag, d.commit(), Map.of(),
              "promote " + build.tag().map(Tag::value).orElse("the build") + " as " + tag
                  + " (registry-side retag, no rebuild)"));
        }
        addDeploy(out, env, d.target(), d.commit(), release, d.reason(), offline, deployed);
      }
    }
    return new Plan(trigger, resolution.reason(), out);
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

  private void addDeploy(List<PlannedAction> out, Environment env, DeploymentTarget target,
      CommitSha commit, ImageReference image, String reason, boolean offline,
      Map<EnvironmentName, Digest> deployed) {
    if (!offline) {
      w.checkUpstream(env, image.digest().orElseThrow(), deployed);
    }
    Map<String, String> vars = w.variables(env, target);
    if (env.requiresApproval()) {
      out.add(new PlannedAction(ActionType.AWAIT_APPROVAL, target, env.stack(), image, null, commit,
          vars, env.name() + " requires approval"));
    }
    out.add(new PlannedAction(ActionType.DEPLOY, target, env.stack(), image, null, commit, vars,
        reason));
    if (w.verifier() != null) {
      out.add(new PlannedAction(ActionType.VERIFY, target, env.stack(), image, null, commit, vars,
          "check " + target + " is healthy"));
    }
    for (Tag moving : env.movingTags()) {
      out.add(new PlannedAction(ActionType.TAG, target, null, image, moving, commit, Map.of(),
          "move " + moving + " to what " + env.name() + " runs"));
    }
    if (env.draftsRelease()) {
      out.add(new PlannedAction(ActionType.DRAFT_RELEASE, target, null, null, null, commit, Map.of(),
          "create or update the draft release at " + commit.shortForm()));
    }
    image.digest().ifPresent(d -> deployed.put(env.name(), d));
  }
}
