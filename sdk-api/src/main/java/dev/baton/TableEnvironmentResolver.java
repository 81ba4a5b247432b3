package dev.baton;

import dev.baton.spi.EnvironmentResolver;
import dev.baton.spi.Resolution;
import dev.baton.spi.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The environment table applied to a trigger, following the seed's flow:
 *
 * <ul>
 *   <li>pull request {@code opened}, {@code synchronize} or {@code reopened} with the label, or
 *       {@code labeled} with the label: deploy that pull request's instance; {@code labeled} with
 *       another label: nothing (the reference rebuilds and redeploys on any label); {@code
 *       unlabeled} the label, or {@code closed} (merged or not): destroy the instance;
 *   <li>push to the environment's branch (the default branch unless named): deploy; other branches,
 *       tags and deleted refs: nothing;
 *   <li>release {@code published} (not draft; pre-releases only when enabled): deploy the release
 *       tag; other actions: nothing;
 *   <li>after any deploy, the environments triggered {@linkplain EnvironmentTrigger.After after}
 *       it, in order, with the same image;
 *   <li>manual: what it says, to the environment it names.
 * </ul>
 *
 * <p>Every resolution says why. Stateless and safe for concurrent use.
 */
public final class TableEnvironmentResolver implements EnvironmentResolver {
  private final Environments table;

  /**
   * @param table the environment table
   */
  public TableEnvironmentResolver(Environments table) {
    this.table = Objects.requireNonNull(table, "table");
  }

  /** {@return the table this resolver applies} */
  public Environments table() {
    return table;
  }

  @Override
  public Resolution resolve(Trigger trigger) {
    Objects.requireNonNull(trigger, "trigger");
    if (trigger instanceof PullRequestTrigger pr) {
      return pullRequest(pr);
    } else if (trigger instanceof PushTrigger push) {
      return push(push);
    } else if (trigger instanceof ReleaseTrigger release) {
      return release(release);
    } else {
      return manual((ManualTrigger) trigger);
    }
  }

  private Resolution pullRequest(PullRequestTrigger pr) {
    List<Selection> out = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (Environment e : table.all()) {
      if (!(e.trigger() instanceof EnvironmentTrigger.PullRequestLabel rule)) {
        continue;
      }
      String label = rule.label();
      DeploymentTarget target =
          e.isPerPullRequest()
              ? DeploymentTarget.pullRequest(e.name(), pr.number())
              : DeploymentTarget.of(e.name());
      String subject = "pull request #" + pr.number();
      if (!pr.open() && !pr.action().equals("closed") && !pr.action().equals("unlabeled")) {
        why.add(subject + " is closed, so \"" + pr.action() + "\" deploys nothing");
        continue;
      }
      switch (pr.action()) {
        case "closed" ->
            out.add(
                new Selection.Destroy(
                    target,
                    subject + (pr.merged() ? " was merged" : " was closed without merging")));
        case "unlabeled" -> {
          if (pr.changedLabel().equals(label)) {
            out.add(
                new Selection.Destroy(target, "label \"" + label + "\" removed from " + subject));
          } else {
            why.add("label \"" + pr.changedLabel() + "\" removed, not \"" + label + "\"");
          }
        }
        case "labeled" -> {
          if (pr.changedLabel().equals(label)) {
            deploy(out, target, pr.commit(), "label \"" + label + "\" added to " + subject);
          } else {
            why.add("label \"" + pr.changedLabel() + "\" added, not \"" + label + "\"");
          }
        }
        case "opened", "synchronize", "reopened" -> {
          if (pr.labels().contains(label)) {
            deploy(
                out,
                target,
                pr.commit(),
                subject + " " + pr.action() + " with label \"" + label + "\"");
          } else {
            why.add(
                subject + " has no \"" + label + "\" label (" + Hints.PREVIEW_NOT_DEPLOYING + ")");
          }
        }
        default -> why.add("pull request action \"" + pr.action() + "\" does not deploy");
      }
    }
    return finish(pr, out, why, "no environment is triggered by pull requests");
  }

  private Resolution push(PushTrigger push) {
    if (push.deleted()) {
      return Resolution.nothing(push, "ref " + push.ref() + " was deleted");
    }
    if (push.branch().isEmpty()) {
      return Resolution.nothing(push, "ref " + push.ref() + " is not a branch");
    }
    List<Selection> out = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (Environment e : table.all()) {
      if (e.trigger() instanceof EnvironmentTrigger.Push rule) {
        String branch = rule.branch().isEmpty() ? push.defaultBranch() : rule.branch();
        if (branch.equals(push.branch())) {
          deploy(
              out,
              DeploymentTarget.of(e.name()),
              push.commit(),
              "push to " + branch + " at " + push.commit().shortForm());
        } else {
          why.add("push to " + push.branch() + ", and " + e.name() + " deploys from " + branch);
        }
      }
    }
    return finish(push, out, why, "no environment is triggered by pushes");
  }

  private Resolution release(ReleaseTrigger release) {
    if (!release.action().equals("published")) {
      return Resolution.nothing(
          release,
          "release action \"" + release.action() + "\" does not deploy; only \"published\" does");
    }
    if (release.draft()) {
      return Resolution.nothing(release, "release " + release.version() + " is a draft");
    }
    List<Selection> out = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (Environment e : table.all()) {
      if (e.trigger() instanceof EnvironmentTrigger.ReleasePublished rule) {
        if (release.prerelease() && !rule.includePrereleases()) {
          why.add(
              "release "
                  + release.version()
                  + " is a pre-release, which "
                  + e.name()
                  + " does not take");
        } else {
          deployRelease(
              out,
              DeploymentTarget.of(e.name()),
              release.commit(),
              release.version(),
              "release " + release.version() + " published");
        }
      }
    }
    return finish(release, out, why, "no environment is triggered by releases");
  }

  private Resolution manual(ManualTrigger m) {
    table.get(m.target().environment());
    List<Selection> out = new ArrayList<>();
    switch (m.operation()) {
      case DEPLOY -> out.add(new Selection.Deploy(m.target(), m.commit(), m.reason()));
      case RELEASE -> deployRelease(out, m.target(), m.commit(), m.version(), m.reason());
      case DESTROY -> out.add(new Selection.Destroy(m.target(), m.reason()));
    }
    return new Resolution(m, m.reason(), out);
  }

  private void deploy(List<Selection> out, DeploymentTarget target, CommitSha commit, String why) {
    out.add(new Selection.Deploy(target, commit, why));
    for (Environment d : table.downstreamOf(target.environment())) {
      out.add(
          new Selection.Deploy(
              DeploymentTarget.of(d.name()), commit, "runs after " + target.environment()));
    }
  }

  private void deployRelease(
      List<Selection> out,
      DeploymentTarget target,
      CommitSha commit,
      ReleaseVersion version,
      String why) {
    out.add(new Selection.DeployRelease(target, commit, version, why));
    for (Environment d : table.downstreamOf(target.environment())) {
      out.add(
          new Selection.DeployRelease(
              DeploymentTarget.of(d.name()),
              commit,
              version,
              "runs after " + target.environment()));
    }
  }

  private static Resolution finish(Trigger t, List<Selection> out, List<String> why, String none) {
    if (out.isEmpty()) {
      return Resolution.nothing(t, why.isEmpty() ? none : String.join("; ", why));
    }
    StringBuilder reason = new StringBuilder();
    for (Selection s : out) {
      if (reason.length() > 0) {
        reason.append("; ");
      }
      reason.append(s.target()).append(": ").append(s.reason());
    }
    return new Resolution(t, reason.toString(), out);
  }
}
