package dev.baton.github;

import static dev.baton.github.GitHubDeployments.instant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.Environment;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.StaleWriteException;
import dev.baton.UnsupportedLedgerFeatureException;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.github.internal.LedgerCodec;
import dev.baton.github.internal.LedgerCodec.Deployed;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.QuarantineRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub Deployments as the shared {@link DeploymentLedger}: what digest ran where is visible to
 * every machine (prod can check what staging ran; a rollback finds the previous digest) and to
 * humans in the repository's Environments page.
 *
 * <pre>{@code
 * DeploymentLedger ledger = GitHubDeploymentLedger.builder(GitHubConnection.fromEnvironment())
 *     .environments(table)          // Baton environment -> GitHub environment names
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>{@link #begin} creates a deployment of the commit in the target's GitHub environment with
 *       the image and digest in its payload ({@link LedgerCodec}), {@code transient_environment}
 *       for per-pull-request targets and {@code production_environment} for the production
 *       environments, then an {@code in_progress} status with the run's log URL;
 *   <li>{@link #finish} adds a {@code success} or {@code failure} status with {@code
 *       environment_url} and {@code log_url}, also on a thread that has been interrupted (a run
 *       being cancelled records its failure). After a success the target's earlier success becomes
 *       {@code inactive}: GitHub does it ({@code auto_inactive}) in environments that are neither
 *       transient nor production; in those, where GitHub does not, and where it could not tell one
 *       pull request's preview from another's, this ledger marks the success it read as current,
 *       and only that one;
 *   <li>a deployment that runs again what its target already runs (the same commit, image and
 *       variables: a re-run with no change) reuses the target's current deployment instead of
 *       creating another; a failure of such a run is recorded on a new deployment, so the running
 *       one stays current;
 *   <li>{@link #deactivate} marks a destroyed preview's current deployment {@code inactive} (the
 *       reference workflow leaves them active);
 *   <li>{@link #recordBuild} writes a commit status with context {@code baton/build} whose
 *       description is the digest and whose target URL is the manifest's registry address (details
 *       in {@link LedgerCodec}). Statuses are append-only, so the oldest one is the first writer,
 *       on every machine: a racing second writer reads back and returns the first.
 * </ul>
 *
 * <p>A {@link Fence} is checked as far as GitHub allows: the target's current deployment is read
 * before the write and compared with the one the writer read. GitHub has no conditional write and
 * this ledger keeps no fencing token, so two writers checking at the same moment both pass: run
 * concurrent writers under a shared lease (DynamoDB in sdk-aws, PostgreSQL in sdk-jdbc), or keep
 * the ledger there.
 *
 * <p>Quarantined digests are not kept here: {@link #quarantine} and {@link #release} throw {@link
 * UnsupportedLedgerFeatureException}; keep the ledger in PostgreSQL or DynamoDB to use them. The
 * same holds for approvals that add up across runs ({@link #recordApproval}).
 *
 * <p>Deployments GitHub Actions creates by itself for a job's {@code environment:} carry no Baton
 * payload and are ignored. The token needs {@code deployments: write} and {@code statuses: write}.
 *
 * <p>Requests are few and do not grow with the history. A target's current deployment is found from
 * the newest deployments of its GitHub environment and task ({@code deploy}, or {@code deploy:pr-N}
 * for a pull request's preview, so that one preview's deployments are listed apart from the
 * others'; a preview recorded before this task was used, with {@code deploy}, is not found),
 * reading the newest status of each until a success (or an {@code inactive}, before which nothing
 * is current): usually two requests. The answer is kept for the next look at the same target, which
 * in a run is the executor repeating the plan's read; any look after that, and any look after this
 * ledger wrote to the target, asks GitHub whether a newer deployment of the target exists (one
 * request) and reads it all again only if one does. A commit's build, once found, is kept (the
 * first writer's status never changes); that a commit has none is kept for the next look only.
 * {@link #hasSucceeded} lists the environment's deployments of the commits this ledger knows built
 * the digest ({@code sha=}). Only {@link #history} reads a whole history: one request per page of
 * deployments plus one per deployment, page by page as it is consumed.
 */
public final class GitHubDeploymentLedger implements DeploymentLedger {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubDeploymentLedger.class);

  private final GitHubRestClient client;
  private final String repo;
  private final GitHubDeployments deployments;

  private final GitHubBuildStatuses builds;

  /** What this ledger last saw of each target. */
  private final Map<DeploymentTarget, Seen> seen = new ConcurrentHashMap<>();

  /** Environment and digest pairs found to have succeeded. */
  private final Set<String> succeeded = ConcurrentHashMap.newKeySet();

  /** Deployments that a re-run with no change reused (from begin to finish). */
  private final Set<String> reused = ConcurrentHashMap.newKeySet();

  private GitHubDeploymentLedger(Builder b) {
    this.client = b.connection.client();
    this.repo = b.connection.repoPath();
    this.builds = new GitHubBuildStatuses(client, repo);
    this.deployments =
        new GitHubDeployments(
            client,
            repo,
            b.githubNames,
            b.production,
            b.logUrl != null ? b.logUrl : runUrl(b.connection.environment()));
  }

  /**
   * @param connection the repository and token
   * @return a builder
   */
  public static Builder builder(GitHubConnection connection) {
    return new Builder(connection);
  }

  // ---- builds --------------------------------------------------------------------------------

  @Override
  public BuildRecord recordBuild(CommitSha commit, ImageReference image) {
    return builds.record(commit, image);
  }

  @Override
  public Optional<BuildRecord> build(CommitSha commit) {
    return builds.find(commit);
  }

  // ---- deployments ---------------------------------------------------------------------------

  @Override
  public DeploymentRecord begin(DeploymentStart start, Fence fence) {
    DeploymentTarget target = start.target();
    String commit = start.commit().shortForm();
    Optional<DeploymentRecord> current = checkCurrent(target, fence);
    if (current.isPresent() && current.get().start().equals(start)) {
      // A re-run with no change: the target already runs this, so its deployment is reused.
      DeploymentRecord again = current.get();
      reused.add(again.id());
      LOG.info("deployment {} of {} to {} runs again", again.id(), commit, target);
      return again.withState(DeploymentState.IN_PROGRESS, Instant.now(), again.url());
    }
    JsonNode deployment = create(start);
    JsonNode status =
        deployments.status(deployment.path("id").asLong(), "in_progress", "", "deploying", false);
    LOG.info(
        "deployment {} of {} to {} ({}) started",
        deployment.path("id").asText(),
        commit,
        target,
        deployments.githubName(target.environment()));
    return start.record(deployment.path("id").asText(), instant(status.path("created_at")));
  }

  /** Creates a deployment of the commit in the target's GitHub environment, with no status. */
  private JsonNode create(DeploymentStart start) {
    JsonNode deployment = deployments.create(start);
    long id = deployment.path("id").asLong();
    seen.computeIfPresent(start.target(), (t, s) -> s.afterOwnWrite(id, s.current()));
    return deployment;
  }

  @Override
  public DeploymentRecord finish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
    DeploymentLedger.checkFinish(deployment, state, url, fence);
    long id = parseId(deployment.id());
    // A run being cancelled (SIGTERM) interrupts its thread, then records its failure here: the
    // write goes out all the same, bounded by the connection's callTimeout, so the deployment does
    // not stay in_progress; the interrupt is kept for the caller.
    boolean interrupted = Thread.interrupted();
    try {
      DeploymentTarget target = deployment.target();
      if (state != DeploymentState.SUCCESS) {
        // Also after a refused success of a reused deployment, which stays in the set for this.
        if (reused.remove(deployment.id())) {
          // The running deployment stays current: the failed run gets a deployment of its own.
          long failed = create(deployment.start()).path("id").asLong();
          JsonNode status = deployments.status(failed, "failure", url, "failed", false);
          Instant at = instant(status.path("created_at"));
          return deployment.start().record(Long.toString(failed), at).withState(state, at, url);
        }
        JsonNode status = deployments.status(id, "failure", url, "failed", false);
        return deployment.withState(state, instant(status.path("created_at")), url);
      }
      // The success it replaces: the one the fence checked, else the one current now.
      Optional<DeploymentRecord> previous =
          fence.checksCurrent() ? checkCurrent(target, fence) : current(target);
      boolean githubDeactivates = !target.isPerPullRequest() && !deployments.isProduction(target);
      JsonNode status = deployments.status(id, "success", url, "deployed", githubDeactivates);
      reused.remove(deployment.id());
      DeploymentRecord done = deployment.withState(state, instant(status.path("created_at")), url);
      if (!githubDeactivates) {
        previous
            .filter(p -> !p.id().equals(deployment.id()))
            .ifPresent(
                p ->
                    deployments.status(
                        parseId(p.id()), "inactive", "", "superseded by " + id, false));
      }
      seen.computeIfPresent(target, (t, s) -> s.afterOwnWrite(s.newestId(), Optional.of(done)));
      return done;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void deactivate(DeploymentTarget target, Fence fence) {
    Objects.requireNonNull(target, "target");
    Optional<DeploymentRecord> current =
        fence.checksCurrent() ? checkCurrent(target, fence) : current(target);
    // Each success made the one before it inactive, so the current one is the only success left.
    current.ifPresent(
        d -> {
          deployments.status(parseId(d.id()), "inactive", "", target + " destroyed", false);
          LOG.info("deployment {} of {} marked inactive", d.id(), target);
        });
    seen.computeIfPresent(target, (t, s) -> s.afterOwnWrite(s.newestId(), Optional.empty()));
  }

  /**
   * The part of a fence GitHub can check: the target's current deployment is still the one the
   * writer read. GitHub Deployments has no conditional write and keeps no fencing token, so this is
   * a read before the write, not one atomic step; the lease is what serialises writers.
   */
  private Optional<DeploymentRecord> checkCurrent(DeploymentTarget target, Fence fence) {
    if (!fence.checksCurrent()) {
      return Optional.empty();
    }
    Optional<DeploymentRecord> current = current(target);
    Optional<String> violation = fence.violation(0, current);
    if (violation.isPresent()) {
      throw new StaleWriteException(target.toString(), violation.get());
    }
    return current;
  }

  @Override
  public List<DeploymentRecord> history(EnvironmentName environment) {
    return deployments.records(environment).toList();
  }

  @Override
  public Optional<DeploymentRecord> current(DeploymentTarget target) {
    Objects.requireNonNull(target, "target");
    Seen last = seen.get(target);
    if (last != null && last.reusable()) {
      seen.put(target, last.used());
      return last.current();
    }
    if (last != null && deployments.newestDeployment(target) == last.newestId()) {
      // No deployment of the target was created since: what was current still is.
      seen.put(target, last.used());
      return last.current();
    }
    Seen read = readCurrent(target);
    seen.put(target, read);
    return read.current();
  }

  @Override
  public boolean hasSucceeded(EnvironmentName environment, Digest digest) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(digest, "digest");
    // A success stays in the history (it may become inactive, never undone), so a yes is kept;
    // a target of the environment seen running the digest is a yes too.
    String key = environment.value() + "@" + digest;
    boolean seenRunning =
        seen.entrySet().stream()
            .anyMatch(
                e ->
                    e.getKey().environment().equals(environment)
                        && e.getValue()
                            .current()
                            .filter(d -> d.digest().equals(digest))
                            .isPresent());
    if (seenRunning || succeeded.contains(key)) {
      return true;
    }
    boolean ran = ranSuccessfully(environment, digest);
    if (ran) {
      succeeded.add(key);
    }
    return ran;
  }

  private boolean ranSuccessfully(EnvironmentName environment, Digest digest) {
    List<CommitSha> commits = builds.commitsKnownToBuild(digest);
    if (commits.isEmpty()) {
      // No commit known for the digest: the history is the only place to look.
      return deployments
          .records(environment)
          .anyMatch(d -> d.digest().equals(digest) && succeeded(d.state()));
    }
    // One digest is one commit's build, so the environment's deployments of that commit are
    // all there is to read (list deployments filters by sha and environment:
    // https://docs.github.com/en/rest/deployments/deployments#list-deployments).
    return commits.stream()
        .flatMap(commit -> deployments.list(environment, "sha=" + commit.value() + "&", 100))
        .filter(
            d ->
                LedgerCodec.read(d)
                    .filter(
                        b ->
                            b.target().environment().equals(environment)
                                && b.image().digest().orElseThrow().equals(digest))
                    .isPresent())
        .anyMatch(d -> succeeded(deployments.newestState(d.path("id").asText())));
  }

  private static boolean succeeded(DeploymentState state) {
    return state == DeploymentState.SUCCESS || state == DeploymentState.INACTIVE;
  }

  /**
   * The target's deployments newest first, each one's newest status read, up to the first success
   * (current) or the first {@code inactive} (a later success always made the one before it
   * inactive, and a destroy the current one, so nothing older is current).
   */
  private Seen readCurrent(DeploymentTarget target) {
    long newest = 0;
    Iterable<JsonNode> listed = deployments.listOf(target, CURRENT_PAGE)::iterator;
    for (JsonNode d : listed) {
      long id = d.path("id").asLong();
      newest = Math.max(newest, id);
      Optional<Deployed> baton = LedgerCodec.read(d).filter(b -> b.target().equals(target));
      if (baton.isEmpty()) {
        continue;
      }
      JsonNode status = deployments.newestStatus(Long.toString(id));
      DeploymentState state = GitHubDeployments.stateOf(status);
      if (state == DeploymentState.SUCCESS) {
        return Seen.read(
            Optional.of(
                GitHubDeployments.record(
                    Long.toString(id),
                    baton.get(),
                    state,
                    instant(status.path("created_at")),
                    status.path("environment_url").asText(""))),
            newest);
      }
      if (state == DeploymentState.INACTIVE) {
        break;
      }
    }
    return Seen.read(Optional.empty(), newest);
  }

  /**
   * Refused: GitHub has no honest place for a quarantine. Deployments and commit statuses belong to
   * a commit, not to a digest, and can neither be removed (a release) nor written first-writer-wins
   * per digest; a repository variable would need an administrator's token. So no quarantine is
   * written here, and none is ever read back ({@link #quarantined} is always empty).
   *
   * @throws UnsupportedLedgerFeatureException always, naming the ledgers that keep quarantines
   */
  @Override
  public QuarantineRecord quarantine(QuarantineRecord quarantine) {
    throw noQuarantines();
  }

  /**
   * Refused, as {@link #quarantine} is.
   *
   * @throws UnsupportedLedgerFeatureException always
   */
  @Override
  public Optional<QuarantineRecord> release(QuarantineRecord release) {
    throw noQuarantines();
  }

  /** {@return empty: this ledger cannot hold a quarantine, see {@link #quarantine}} */
  @Override
  public Optional<QuarantineRecord> quarantined(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    return Optional.empty();
  }

  /** {@return nothing: this ledger cannot hold a quarantine, see {@link #quarantine}} */
  @Override
  public List<QuarantineRecord> quarantines() {
    return List.of();
  }

  /**
   * Refused: GitHub keeps its own reviews of a run's deployments, but no record of an approval this
   * ledger could add to and count across runs. A single approval needs none (the pipeline goes on
   * without recording it); an environment that needs more approvers needs a ledger that keeps them.
   *
   * @throws UnsupportedLedgerFeatureException always, naming the ledgers that keep approvals
   */
  @Override
  public ApprovalRecord recordApproval(ApprovalRecord approval) {
    throw new UnsupportedLedgerFeatureException(
        toString(),
        "approvals that add up across runs (approval required: 2 or more)",
        "keep the ledger in a shared store that does: coordination.postgres or"
            + " coordination.dynamodb in baton.yaml");
  }

  /** {@return nothing: this ledger keeps no approvals, see {@link #recordApproval}} */
  @Override
  public List<ApprovalRecord> approvals(EnvironmentName environment) {
    Objects.requireNonNull(environment, "environment");
    return List.of();
  }

  private UnsupportedLedgerFeatureException noQuarantines() {
    return new UnsupportedLedgerFeatureException(
        toString(),
        "quarantined digests (GitHub Deployments have no place for them)",
        "keep the ledger in a shared store that does: coordination.postgres or"
            + " coordination.dynamodb in baton.yaml (PostgresDeploymentLedger in sdk-jdbc,"
            + " DynamoDbDeploymentLedger in sdk-aws)");
  }

  @Override
  public String toString() {
    return "GitHubDeploymentLedger[" + repo.substring("/repos/".length()) + "]";
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + id + "\" is not a GitHub deployment id; pass a" + " record this ledger returned",
          e);
    }
  }

  private static String runUrl(RuntimeEnvironment env) {
    Optional<String> server = env.get(RuntimeEnvironment.GITHUB_SERVER_URL);
    Optional<String> repository = env.get(RuntimeEnvironment.GITHUB_REPOSITORY);
    Optional<String> run = env.get(RuntimeEnvironment.GITHUB_RUN_ID);
    return server.isPresent() && repository.isPresent() && run.isPresent()
        ? server.get() + "/" + repository.get() + "/actions/runs/" + run.get()
        : "";
  }

  /** Deployments asked for per page when looking for a target's current one. */
  private static final int CURRENT_PAGE = 10;

  /**
   * What this ledger last saw of a target.
   *
   * @param current its current deployment
   * @param newestId the newest deployment listed for its environment and task then
   * @param reusable whether the next look may take it as it is, without asking GitHub
   */
  private record Seen(Optional<DeploymentRecord> current, long newestId, boolean reusable) {
    static Seen read(Optional<DeploymentRecord> current, long newestId) {
      return new Seen(current, newestId, true);
    }

    Seen used() {
      return new Seen(current, newestId, false);
    }

    /** After this ledger wrote: known, but the next look asks GitHub whether others wrote too. */
    Seen afterOwnWrite(long newest, Optional<DeploymentRecord> now) {
      return new Seen(now, Math.max(newest, newestId), false);
    }
  }

  /** Builds a {@link GitHubDeploymentLedger}. */
  public static final class Builder {
    private final GitHubConnection connection;
    private final Map<EnvironmentName, String> githubNames = new HashMap<>();
    private Set<String> production = Set.of("prod", "production");
    private String logUrl;

    private Builder(GitHubConnection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * @param table the environment table, whose GitHub environment names deployments are recorded
     *     under; without it, an environment's GitHub name is its Baton name
     * @return this
     */
    public Builder environments(Environments table) {
      for (Environment e : table.all()) {
        githubNames.put(e.name(), e.githubEnvironment());
      }
      return this;
    }

    /**
     * @param environments the Baton environments that are production; default {@code prod} and
     *     {@code production}
     * @return this
     */
    public Builder productionEnvironments(String... environments) {
      this.production = Set.of(environments);
      return this;
    }

    /**
     * @param url the log URL on each status; default the running workflow run ({@code
     *     GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID}), else none
     * @return this
     */
    public Builder logUrl(String url) {
      this.logUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * @return the ledger
     */
    public GitHubDeploymentLedger build() {
      return new GitHubDeploymentLedger(this);
    }
  }
}
