package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.ApprovalMissingException;
import dev.baton.ConfigurationException;
import dev.baton.Environment;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.OperationTimeoutException;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.internal.Durations;
import dev.baton.internal.Numbers;
import dev.baton.internal.retry.Poll;
import dev.baton.internal.retry.Sleeper;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalGate;
import dev.baton.spi.ApprovalRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the review GitHub's environment protection rules ask for: the approval of a workflow
 * run's pending deployment to the environment (Settings, Environments, "Required reviewers").
 *
 * <pre>{@code
 * ApprovalGate gate = GitHubApprovalGate.builder(GitHubConnection.fromEnvironment())
 *     .environments(table)      // Baton environment -> GitHub environment names
 *     .build();                 // the run is GITHUB_RUN_ID
 * }</pre>
 *
 * <p>It polls the run's reviews ({@code GET /actions/runs/{id}/approvals}) and pending deployments
 * ({@code GET /actions/runs/{id}/pending_deployments}) every poll interval:
 *
 * <ul>
 *   <li>a review covering the environment is the decision: approved or rejected, by its reviewer,
 *       with its comment; among several, the newest by a reviewer the request does not already
 *       {@linkplain ApprovalRequest#approvedBy() count};
 *   <li>a run that has no deployment waiting for the environment on the first poll cannot be
 *       approved at all (no protection rule, or the wrong run): {@link ApprovalMissingException};
 *   <li>a deployment that stops waiting without a review (the run was cancelled): {@link
 *       ApprovalMissingException};
 *   <li>no decision before the request's timeout: {@link OperationTimeoutException}.
 * </ul>
 *
 * GitHub releases a waiting deployment on the first required reviewer's approval, so an environment
 * that needs two approvers gets one per run: the pipeline records it in its ledger and refuses the
 * deploy with the count so far, and a re-run of the job, approved by someone else, adds the second.
 *
 * <p>The token needs {@code actions: read}. The gate only watches: approving is done by a required
 * reviewer in GitHub. Safe for concurrent use.
 */
public final class GitHubApprovalGate implements ApprovalGate {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubApprovalGate.class);

  private final GitHubRestClient client;
  private final String runPath;
  private final long runId;
  private final Map<EnvironmentName, String> githubNames;
  private final Duration pollInterval;
  private final Sleeper sleeper;
  private final Clock clock;

  private GitHubApprovalGate(Builder b, long runId) {
    this.client = b.connection.client();
    this.runId = runId;
    this.runPath = b.connection.repoPath() + "/actions/runs/" + runId;
    this.githubNames = Map.copyOf(b.githubNames);
    this.pollInterval = b.pollInterval;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
  }

  /**
   * @param connection the repository and token
   * @return a builder
   */
  public static Builder builder(GitHubConnection connection) {
    return new Builder(connection);
  }

  @Override
  public ApprovalDecision await(ApprovalRequest request) {
    Objects.requireNonNull(request, "request");
    EnvironmentName env = request.target().environment();
    String gh = githubNames.getOrDefault(env, env.value());
    Poll poll =
        Poll.until(
            clock,
            request.timeout(),
            failedAttempt -> pollInterval,
            sleeper,
            "waiting for approval of " + request.target());
    boolean seenPending = false;
    while (true) {
      Optional<ApprovalDecision> decided = review(gh, request.approvedBy());
      if (decided.isPresent()) {
        LOG.info(
            "deployment of {} to {} {} by {}",
            request.commit().shortForm(),
            request.target(),
            decided.get().approved() ? "approved" : "rejected",
            decided.get().reviewer());
        return decided.get();
      }
      boolean pending = pending(gh);
      if (!pending && !seenPending) {
        throw new ApprovalMissingException(
            env,
            "workflow run "
                + runId
                + " has no deployment"
                + " waiting for review in the GitHub environment \""
                + gh
                + "\"; give the job"
                + " 'environment: "
                + gh
                + "' and required reviewers in the environment's settings");
      }
      if (!pending) {
        throw new ApprovalMissingException(
            env,
            "the deployment of workflow run "
                + runId
                + " to \""
                + gh
                + "\" stopped waiting without a review (was the run cancelled?)");
      }
      seenPending = true;
      if (!poll.pause()) {
        throw new OperationTimeoutException(
            "no review of the deployment to "
                + request.target()
                + " (GitHub environment \""
                + gh
                + "\", workflow run "
                + runId
                + ")",
            "ask a required reviewer of the GitHub environment \""
                + gh
                + "\" to review the"
                + " waiting deployment, or give the pipeline a longer approvalTimeout",
            request.timeout(),
            null);
      }
    }
  }

  /**
   * The decision among the run's reviews that cover the environment (GitHub lists them newest
   * first): the newest by someone not yet counted, else the newest, which the pipeline then reports
   * as counted already (GitHub lets one reviewer release a waiting deployment, so a second approver
   * approves a re-run of the job).
   */
  private Optional<ApprovalDecision> review(String environment, List<String> counted) {
    ApprovalDecision newest = null;
    for (JsonNode r : client.get(runPath + "/approvals")) {
      for (JsonNode e : r.path("environments")) {
        if (environment.equals(e.path("name").asText())) {
          String reviewer = r.path("user").path("login").asText("unknown");
          String comment = r.path("comment").asText("");
          ApprovalDecision d =
              "approved".equals(r.path("state").asText())
                  ? new ApprovalDecision(true, reviewer, comment)
                  : ApprovalDecision.rejectedBy(reviewer, comment);
          if (!counted.contains(reviewer) || !d.approved()) {
            return Optional.of(d);
          }
          newest = newest == null ? d : newest;
        }
      }
    }
    return Optional.ofNullable(newest);
  }

  private boolean pending(String environment) {
    for (JsonNode p : client.get(runPath + "/pending_deployments")) {
      if (environment.equals(p.path("environment").path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "GitHubApprovalGate[run " + runId + "]";
  }

  /** Builds a {@link GitHubApprovalGate}. */
  public static final class Builder {
    private final GitHubConnection connection;
    private final Map<EnvironmentName, String> githubNames = new HashMap<>();
    private Long runId;
    private Duration pollInterval = Duration.ofSeconds(15);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Clock clock = Clock.systemUTC();

    private Builder(GitHubConnection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * @param runId the workflow run whose pending deployments are reviewed; default {@code
     *     GITHUB_RUN_ID}
     * @return this
     */
    public Builder runId(long runId) {
      this.runId = Numbers.positive(runId, "workflow run id");
      return this;
    }

    /**
     * @param table the environment table, for the GitHub environment names
     * @return this
     */
    public Builder environments(Environments table) {
      for (Environment e : table.all()) {
        githubNames.put(e.name(), e.githubEnvironment());
      }
      return this;
    }

    /**
     * @param interval how often to ask GitHub; default 15 s
     * @return this
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Durations.positive(interval, "poll interval");
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @return the gate
     * @throws ConfigurationException when no run id was given and {@code GITHUB_RUN_ID} is unset
     */
    public GitHubApprovalGate build() {
      long id =
          runId != null
              ? runId
              : connection
                  .environment()
                  .get(RuntimeEnvironment.GITHUB_RUN_ID)
                  .map(Builder::parseRun)
                  .orElseThrow(
                      () ->
                          new ConfigurationException(
                              "no workflow run to watch for approvals",
                              "pass runId(...) or run inside GitHub Actions, where GITHUB_RUN_ID is set"));
      return new GitHubApprovalGate(this, id);
    }

    private static long parseRun(String text) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new ConfigurationException(
            "GITHUB_RUN_ID \"" + text + "\" is not a number", "unset it or pass runId(...)", e);
      }
    }
  }
}
