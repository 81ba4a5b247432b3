package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.Environment;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.StaleWriteException;
import dev.baton.UnsupportedLedgerFeatureException;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.github.internal.LedgerCodec;
import dev.baton.github.internal.LedgerCodec.Deployed;
import dev.baton.github.internal.ReleaseApi;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.QuarantineRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
 *       being cancelled records its failure); after a success, the target's earlier successes get
 *       an {@code inactive} status. GitHub's own {@code auto_inactive} is turned off because it
 *       skips transient and production environments and cannot tell one pull request's preview from
 *       another's;
 *   <li>{@link #deactivate} marks a destroyed preview's successful deployments {@code inactive}
 *       (the reference workflow leaves them active);
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
 * Reading a history costs one call per page of deployments plus one per deployment read.
 */
public final class GitHubDeploymentLedger implements DeploymentLedger {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubDeploymentLedger.class);

  private final GitHubRestClient client;
  private final String repo;
  private final Map<EnvironmentName, String> githubNames;
  private final Set<String> production;
  private final String logUrl;

  private GitHubDeploymentLedger(Builder b) {
    this.client = b.connection.client();
    this.repo = b.connection.repoPath();
    this.githubNames = Map.copyOf(b.githubNames);
    this.production = Set.copyOf(b.production);
    this.logUrl = b.logUrl != null ? b.logUrl : runUrl(b.connection.environment());
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
  public synchronized BuildRecord recordBuild(CommitSha commit, ImageReference image) {
    Objects.requireNonNull(commit, "commit");
    if (!Objects.requireNonNull(image, "image").isPinned()) {
      throw new IllegalArgumentException("build image " + image + " is not pinned to a digest");
    }
    Optional<BuildRecord> existing = build(commit);
    if (existing.isPresent()) {
      return existing.get();
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("state", "success");
    status.put("target_url", LedgerCodec.buildUrl(image));
    status.put("description", image.digest().orElseThrow().toString());
    status.put("context", LedgerCodec.BUILD_CONTEXT);
    client.post(repo + "/statuses/" + commit.value(), status);
    // Read back: if another machine wrote first, its (older) status stands.
    return build(commit)
        .orElseThrow(
            () ->
                ProviderException.retryable(
                    "the build status of "
                        + commit.shortForm()
                        + " was written but cannot be read back",
                    null));
  }

  @Override
  public Optional<BuildRecord> build(CommitSha commit) {
    Objects.requireNonNull(commit, "commit");
    return stream(client.list(repo + "/commits/" + commit.value() + "/statuses?per_page=100"))
        .filter(s -> LedgerCodec.BUILD_CONTEXT.equals(s.path("context").asText()))
        .min(Comparator.comparingLong(s -> s.path("id").asLong()))
        .flatMap(
            s ->
                LedgerCodec.readBuild(
                        s.path("target_url").asText(""), s.path("description").asText(""))
                    .map(image -> new BuildRecord(commit, image, instant(s.path("created_at")))));
  }

  // ---- deployments ---------------------------------------------------------------------------

  @Override
  public DeploymentRecord begin(
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      Map<String, String> variables,
      Fence fence) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(commit, "commit");
    if (!Objects.requireNonNull(image, "image").isPinned()) {
      throw new IllegalArgumentException("deployment image " + image + " is not pinned");
    }
    checkCurrent(target, fence);
    String environment = githubName(target.environment());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ref", commit.value());
    body.put("task", "deploy");
    // The pipeline has its own gates; GitHub's default merge of the default branch and its
    // commit-status check would refuse or alter a deployment of an exact SHA.
    body.put("auto_merge", false);
    body.put("required_contexts", List.of());
    body.put("payload", LedgerCodec.payload(target, commit, image, variables));
    body.put("environment", environment);
    body.put("description", "Baton: " + image.digest().orElseThrow().shortForm() + " to " + target);
    body.put("transient_environment", target.isPerPullRequest());
    body.put("production_environment", production.contains(target.environment().value()));
    JsonNode deployment = client.post(repo + "/deployments", body);
    JsonNode status = status(deployment.path("id").asLong(), "in_progress", "", "deploying");
    LOG.info(
        "deployment {} of {} to {} ({}) started",
        deployment.path("id").asText(),
        commit.shortForm(),
        target,
        environment);
    return new DeploymentRecord(
        deployment.path("id").asText(),
        target,
        commit,
        image,
        variables,
        DeploymentState.IN_PROGRESS,
        instant(status.path("created_at")),
        "");
  }

  @Override
  public DeploymentRecord finish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(url, "url");
    state.requireFinal();
    long id = parseId(deployment.id());
    // A run being cancelled (SIGTERM) interrupts its thread, then records its failure here: the
    // write goes out all the same, bounded by the connection's callTimeout, so the deployment does
    // not stay in_progress; the interrupt is kept for the caller.
    boolean interrupted = Thread.interrupted();
    try {
      if (state == DeploymentState.SUCCESS) {
        checkCurrent(deployment.target(), fence);
      }
      JsonNode status =
          status(
              id,
              state == DeploymentState.SUCCESS ? "success" : "failure",
              url,
              state == DeploymentState.SUCCESS ? "deployed" : "failed");
      if (state == DeploymentState.SUCCESS) {
        records(deployment.target().environment())
            .filter(
                d ->
                    d.target().equals(deployment.target())
                        && !d.id().equals(deployment.id())
                        && d.state() == DeploymentState.SUCCESS)
            .forEach(d -> status(parseId(d.id()), "inactive", "", "superseded by " + id));
      }
      return deployment.withState(state, instant(status.path("created_at")), url);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void deactivate(DeploymentTarget target, Fence fence) {
    Objects.requireNonNull(target, "target");
    checkCurrent(target, fence);
    records(target.environment())
        .filter(d -> d.target().equals(target) && d.state() == DeploymentState.SUCCESS)
        .forEach(
            d -> {
              status(parseId(d.id()), "inactive", "", target + " destroyed");
              LOG.info("deployment {} of {} marked inactive", d.id(), target);
            });
  }

  /**
   * The part of a fence GitHub can check: the target's current deployment is still the one the
   * writer read. GitHub Deployments has no conditional write and keeps no fencing token, so this is
   * a read before the write, not one atomic step; the lease is what serialises writers.
   */
  private void checkCurrent(DeploymentTarget target, Fence fence) {
    if (!fence.checksCurrent()) {
      return;
    }
    Optional<String> violation = fence.violation(0, current(target));
    if (violation.isPresent()) {
      throw new StaleWriteException(target.toString(), violation.get());
    }
  }

  @Override
  public List<DeploymentRecord> history(EnvironmentName environment) {
    return records(environment).toList();
  }

  @Override
  public Optional<DeploymentRecord> current(DeploymentTarget target) {
    // Deployments come newest first and statuses are read one deployment at a time, so stopping
    // at the first match reads as little as possible.
    return records(target.environment())
        .filter(d -> d.target().equals(target) && d.state() == DeploymentState.SUCCESS)
        .findFirst();
  }

  @Override
  public boolean hasSucceeded(EnvironmentName environment, Digest digest) {
    return records(environment)
        .anyMatch(
            d ->
                d.digest().equals(digest)
                    && (d.state() == DeploymentState.SUCCESS
                        || d.state() == DeploymentState.INACTIVE));
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

  /** The Baton deployments of an environment, newest first, read lazily. */
  private Stream<DeploymentRecord> records(EnvironmentName environment) {
    String gh = githubName(environment);
    return stream(client.list(repo + "/deployments?environment=" + encode(gh) + "&per_page=100"))
        .flatMap(
            d ->
                LedgerCodec.read(d)
                    .filter(b -> b.target().environment().equals(environment))
                    .map(b -> record(d, b))
                    .stream());
  }

  private DeploymentRecord record(JsonNode deployment, Deployed baton) {
    String id = deployment.path("id").asText();
    // GitHub lists statuses newest first, so the first page holds the current state; a deployment
    // with no status is still pending.
    List<JsonNode> statuses = new java.util.ArrayList<>();
    client.get(repo + "/deployments/" + id + "/statuses?per_page=100").forEach(statuses::add);
    JsonNode newest =
        statuses.stream().max(Comparator.comparingLong(s -> s.path("id").asLong())).orElse(null);
    DeploymentState state =
        newest == null ? DeploymentState.IN_PROGRESS : state(newest.path("state").asText());
    String url =
        statuses.stream()
            .sorted(Comparator.comparingLong((JsonNode s) -> s.path("id").asLong()).reversed())
            .map(s -> s.path("environment_url").asText(""))
            .filter(u -> !u.isEmpty())
            .findFirst()
            .orElse("");
    Instant at =
        instant(newest != null ? newest.path("created_at") : deployment.path("updated_at"));
    return new DeploymentRecord(
        id, baton.target(), baton.commit(), baton.image(), baton.variables(), state, at, url);
  }

  private JsonNode status(
      long deployment, String state, String environmentUrl, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    if (!logUrl.isEmpty()) {
      body.put("log_url", logUrl);
    }
    if (!environmentUrl.isEmpty()) {
      body.put("environment_url", environmentUrl);
    }
    body.put("description", description);
    body.put("auto_inactive", false);
    return client.post(repo + "/deployments/" + deployment + "/statuses", body);
  }

  private static DeploymentState state(String github) {
    return switch (github) {
      case "success" -> DeploymentState.SUCCESS;
      case "failure", "error" -> DeploymentState.FAILURE;
      case "inactive" -> DeploymentState.INACTIVE;
      default -> DeploymentState.IN_PROGRESS; // queued, pending, in_progress
    };
  }

  private String githubName(EnvironmentName environment) {
    return githubNames.getOrDefault(environment, environment.value());
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

  private static Instant instant(JsonNode node) {
    return ReleaseApi.instant(node).orElseGet(Instant::now);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private static <T> Stream<T> stream(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false);
  }

  private static String runUrl(RuntimeEnvironment env) {
    Optional<String> server = env.get(RuntimeEnvironment.GITHUB_SERVER_URL);
    Optional<String> repository = env.get(RuntimeEnvironment.GITHUB_REPOSITORY);
    Optional<String> run = env.get(RuntimeEnvironment.GITHUB_RUN_ID);
    return server.isPresent() && repository.isPresent() && run.isPresent()
        ? server.get() + "/" + repository.get() + "/actions/runs/" + run.get()
        : "";
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
