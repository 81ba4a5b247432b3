package dev.baton.github;

import dev.baton.Authors;
import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.Environments;
import dev.baton.NotFoundException;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.ReleaseTrigger;
import dev.baton.ReleaseVersion;
import dev.baton.TableEnvironmentResolver;
import dev.baton.Trigger;
import dev.baton.github.internal.Payload;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.EnvironmentResolver;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.Resolution;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads GitHub webhook events (what GitHub Actions provides in {@code GITHUB_EVENT_NAME} and the
 * file at {@code GITHUB_EVENT_PATH}) into {@link Trigger}s, and applies the environment table to
 * them with {@link TableEnvironmentResolver}.
 *
 * <pre>{@code
 * GitHubEventResolver resolver = GitHubEventResolver.builder(Environments.standard())
 *     .releaseSource(releases)            // resolves a release's tag to its commit
 *     .build();
 * GitHubEvent event = resolver.currentEvent();
 * event.trigger().ifPresentOrElse(
 *     t -> pipeline.run(t),
 *     () -> log.info("nothing to do: {}", event.reason()));
 * }</pre>
 *
 * <p>What each event becomes:
 *
 * <ul>
 *   <li>{@code pull_request} (and {@code pull_request_target}): a {@link PullRequestTrigger} with
 *       the labels after the event, the label added or removed, the head SHA and the commit whose
 *       build the pull request deploys: by default the merge commit (what {@code github.sha} is on
 *       {@code pull_request}: {@code GITHUB_SHA}, else the payload's {@code
 *       pull_request.merge_commit_sha}), or the head SHA with {@link PullRequestCommit#HEAD},
 *       matching how the image was built;
 *   <li>{@code push}: a {@link PushTrigger} with the repository's default branch read from {@code
 *       repository.default_branch};
 *   <li>{@code release}: a {@link ReleaseTrigger} whose commit is resolved from the release's tag
 *       (through the configured {@link ReleaseSource}, else {@code GITHUB_SHA}, which GitHub sets
 *       to the tag's commit for release events), never from {@code target_commitish}, which is
 *       usually a branch name;
 *   <li>anything else: no trigger, with the reason.
 * </ul>
 *
 * <p>Which labels deploy, which branch deploys, and whether pre-releases deploy are rows of the
 * environment table ({@code EnvironmentTrigger.pullRequestLabel("deploy")}, {@code
 * pushTo("release")}, {@code new ReleasePublished(true)}), not settings of this class. Immutable
 * and safe for concurrent use.
 */
public final class GitHubEventResolver implements EnvironmentResolver {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubEventResolver.class);
  // Actions after which the table may deploy a pull request's build; for the others the commit is
  // never used, so a payload without a merge commit is not an error there.
  private static final Set<String> DEPLOYING_ACTIONS =
      Set.of("opened", "synchronize", "reopened", "labeled");

  /** Which commit's build a pull request deploys. */
  public enum PullRequestCommit {
    /** The test merge commit, {@code refs/pull/N/merge}: {@code github.sha} on pull_request. */
    MERGE,
    /** The head of the pull request's branch (docker-metadata-action's {@code pr-head-sha}). */
    HEAD
  }

  private final TableEnvironmentResolver table;
  private final PullRequestCommit pullRequestCommit;
  private final ReleaseSource releaseSource;

  private GitHubEventResolver(Builder b) {
    this.table = new TableEnvironmentResolver(b.table);
    this.pullRequestCommit = b.pullRequestCommit;
    this.releaseSource = b.releaseSource;
  }

  /**
   * @param table the environment table
   * @return a builder; merge commits for pull requests, no release source
   */
  public static Builder builder(Environments table) {
    return new Builder(table);
  }

  /**
   * The event of the running GitHub Actions job: {@code GITHUB_EVENT_NAME}, the payload file at
   * {@code GITHUB_EVENT_PATH}, and {@code GITHUB_SHA}.
   *
   * @return the event
   * @throws ConfigurationException when not in GitHub Actions or the payload file is unreadable
   */
  public GitHubEvent currentEvent() {
    return currentEvent(RuntimeEnvironment.system());
  }

  GitHubEvent currentEvent(RuntimeEnvironment env) {
    String name =
        env.get(RuntimeEnvironment.GITHUB_EVENT_NAME)
            .orElseThrow(() -> missing(RuntimeEnvironment.GITHUB_EVENT_NAME));
    Path path =
        Path.of(
            env.get(RuntimeEnvironment.GITHUB_EVENT_PATH)
                .orElseThrow(() -> missing(RuntimeEnvironment.GITHUB_EVENT_PATH)));
    return event(name, read(name, path), env.githubSha().orElse(null));
  }

  /**
   * @param eventName the event name, e.g. {@code pull_request}
   * @param payloadFile the file holding the webhook payload
   * @return the event
   * @throws MalformedPayloadException when the file is unreadable or lacks a needed field
   */
  public GitHubEvent event(String eventName, Path payloadFile) {
    return event(eventName, read(eventName, payloadFile), null);
  }

  /**
   * @param eventName the event name, e.g. {@code pull_request}
   * @param payload the webhook payload's JSON
   * @return the event
   * @throws MalformedPayloadException when the payload lacks a field the event needs
   */
  public GitHubEvent event(String eventName, byte[] payload) {
    return event(eventName, payload, null);
  }

  /**
   * @param eventName the event name, e.g. {@code pull_request}
   * @param payload the webhook payload's JSON
   * @param githubSha the workflow's {@code GITHUB_SHA}: the merge commit for {@code pull_request},
   *     the tag's commit for {@code release}; {@code null} when unknown
   * @return the event
   * @throws MalformedPayloadException when the payload lacks a field the event needs
   */
  public GitHubEvent event(String eventName, byte[] payload, CommitSha githubSha) {
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(payload, "payload");
    return switch (eventName) {
      case "pull_request" -> {
        Payload p = Payload.parse(eventName, payload);
        yield pullRequest(p, githubSha).withAuthors(authors(p));
      }
      // GITHUB_SHA is the base branch's head on pull_request_target, so it is not the merge commit.
      case "pull_request_target" -> {
        Payload p = Payload.parse(eventName, payload);
        yield pullRequest(p, null).withAuthors(authors(p));
      }
      case "push" -> {
        Payload p = Payload.parse(eventName, payload);
        yield push(p).withAuthors(authors(p));
      }
      case "release" -> {
        Payload p = Payload.parse(eventName, payload);
        yield release(p, githubSha).withAuthors(authors(p));
      }
      default ->
          GitHubEvent.ignored(
              eventName,
              "",
              "GitHub event \""
                  + eventName
                  + "\" starts no deployment; only pull_request, push and release events do");
    };
  }

  /**
   * Who the payload names: a push's {@code head_commit.author.username} (absent when the commit's
   * email matches no GitHub account), a pull request's {@code pull_request.user.login}, a release's
   * {@code release.author.login} as its publisher.
   */
  private static Authors authors(Payload p) {
    String author =
        p.optionalText("head_commit.author.username")
            .or(() -> p.optionalText("pull_request.user.login"))
            .orElse("");
    return new Authors(author, p.optionalText("release.author.login").orElse(""));
  }

  /**
   * Applies the environment table to a trigger.
   *
   * @param trigger what happened
   * @return the selections, or nothing with the reason
   */
  @Override
  public Resolution resolve(Trigger trigger) {
    return table.resolve(trigger);
  }

  /**
   * Reads an event and applies the table to it.
   *
   * @param event an event from {@link #event} or {@link #currentEvent()}
   * @return the resolution; empty when the event has no trigger (see {@link GitHubEvent#reason()})
   */
  public Optional<Resolution> resolve(GitHubEvent event) {
    return event.trigger().map(table::resolve);
  }

  private GitHubEvent pullRequest(Payload p, CommitSha githubSha) {
    String action = p.text("action");
    int n = pullRequestNumber(p);
    Set<String> labels = new LinkedHashSet<>(p.texts("pull_request.labels", "name"));
    String changed =
        action.equals("labeled") || action.equals("unlabeled") ? p.text("label.name") : "";
    CommitSha head = p.sha("pull_request.head.sha");
    CommitSha commit =
        pullRequestCommit == PullRequestCommit.HEAD
            ? head
            : mergeCommit(p, action, githubSha, head);
    boolean merged = p.bool("pull_request.merged", false);
    boolean open =
        p.has("pull_request.state")
            ? p.text("pull_request.state").equals("open")
            : !action.equals("closed");
    return GitHubEvent.of(
        p.event(),
        action,
        new PullRequestTrigger(n, action, labels, changed, head, commit, merged, open));
  }

  /** The number, from {@code number} or {@code pull_request.number}; both must agree. */
  private static int pullRequestNumber(Payload p) {
    if (!p.has("number")) {
      return p.positiveInt("pull_request.number");
    }
    int n = p.positiveInt("number");
    if (p.has("pull_request.number")) {
      int inner = p.positiveInt("pull_request.number");
      if (inner != n) {
        throw p.error(
            "number",
            "is "
                + n
                + " but pull_request.number is "
                + inner
                + "; the payload contradicts itself about which pull request it is");
      }
    }
    return n;
  }

  private CommitSha mergeCommit(Payload p, String action, CommitSha githubSha, CommitSha head) {
    if (githubSha != null) {
      return githubSha;
    }
    if (p.has("pull_request.merge_commit_sha")) {
      return p.sha("pull_request.merge_commit_sha");
    }
    if (!DEPLOYING_ACTIONS.contains(action)) {
      // closed, unlabeled, assigned, ...: the table never deploys on these, so the commit is
      // not used; the head stands in rather than failing a cleanup.
      return head;
    }
    throw new MalformedPayloadException(
        p.event(),
        "pull_request.merge_commit_sha",
        "is null: GitHub had not computed the merge commit when it sent this \""
            + action
            + "\" event; pass the workflow's GITHUB_SHA (currentEvent() does), or build and deploy"
            + " the head commit with pullRequestCommit(HEAD)",
        null);
  }

  private GitHubEvent push(Payload p) {
    String ref = p.text("ref");
    if (!ref.startsWith("refs/")) {
      throw p.error("ref", "is \"" + ref + "\", not a full ref (refs/heads/... or refs/tags/...)");
    }
    CommitSha after = p.sha("after");
    boolean deleted = p.bool("deleted", after.value().chars().allMatch(c -> c == '0'));
    String defaultBranch = p.text("repository.default_branch");
    return GitHubEvent.of(p.event(), "", new PushTrigger(ref, after, defaultBranch, deleted));
  }

  private GitHubEvent release(Payload p, CommitSha githubSha) {
    String action = p.text("action");
    String tag = p.text("release.tag_name");
    ReleaseVersion version =
        ReleaseVersion.tryParse(tag)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "GitHub release payload: release.tag_name \""
                            + tag
                            + "\" cannot be an image tag, so the"
                            + " release cannot be promoted",
                        "name release tags like 1.2.3 or v1.2.3"));
    boolean draft = p.bool("release.draft", false);
    boolean prerelease = p.bool("release.prerelease", false);
    Optional<CommitSha> commit = releaseCommit(version, githubSha);
    if (commit.isEmpty()) {
      if (action.equals("published")) {
        throw new NotFoundException(
            "published release " + tag + ": its tag does not resolve to" + " a commit",
            releaseSource == null
                ? "configure releaseSource(...) or pass the"
                    + " workflow's GITHUB_SHA, so the tag can be resolved"
                : "check that the tag " + tag + " exists in the repository",
            null);
      }
      return GitHubEvent.ignored(
          p.event(),
          action,
          "release "
              + tag
              + " "
              + action
              + ": its tag does not exist (yet), so there is no commit to deploy");
    }
    return GitHubEvent.of(
        p.event(), action, new ReleaseTrigger(action, version, commit.get(), draft, prerelease));
  }

  private Optional<CommitSha> releaseCommit(ReleaseVersion version, CommitSha githubSha) {
    if (releaseSource != null) {
      Optional<CommitSha> tagged = releaseSource.commitOf(version);
      if (tagged.isPresent() && githubSha != null && !tagged.get().equals(githubSha)) {
        LOG.warn(
            "release tag {} now points at {}, not at {} where the event found it; using the"
                + " tag",
            version,
            tagged.get().shortForm(),
            githubSha.shortForm());
      }
      if (tagged.isPresent()) {
        return tagged;
      }
    }
    return Optional.ofNullable(githubSha);
  }

  private static byte[] read(String event, Path path) {
    return Payload.read(event, path);
  }

  private static ConfigurationException missing(String variable) {
    return new ConfigurationException(
        variable + " is not set, so there is no GitHub event to read",
        "run inside a GitHub Actions job, or call event(name, payload) with the payload yourself");
  }

  /** Builds a {@link GitHubEventResolver}. */
  public static final class Builder {
    private final Environments table;
    private PullRequestCommit pullRequestCommit = PullRequestCommit.MERGE;
    private ReleaseSource releaseSource;

    private Builder(Environments table) {
      this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * @param choice which commit's build a pull request deploys; must match how CI tagged it
     * @return this
     */
    public Builder pullRequestCommit(PullRequestCommit choice) {
      this.pullRequestCommit = Objects.requireNonNull(choice, "choice");
      return this;
    }

    /**
     * @param source resolves a release's tag to the commit it points at
     * @return this
     */
    public Builder releaseSource(ReleaseSource source) {
      this.releaseSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * @return the resolver
     */
    public GitHubEventResolver build() {
      return new GitHubEventResolver(this);
    }
  }
}
