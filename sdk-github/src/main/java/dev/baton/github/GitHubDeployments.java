package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.github.internal.LedgerCodec;
import dev.baton.github.internal.LedgerCodec.Deployed;
import dev.baton.github.internal.ReleaseApi;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The REST calls of GitHub Deployments that {@link GitHubDeploymentLedger} makes, and how their
 * answers read as Baton's records: where a target's deployments are recorded (its GitHub
 * environment and task), the deployments and statuses it creates, and the lists it reads. The
 * ledger keeps what it has seen and decides what to write; this class only speaks to GitHub.
 *
 * <p>GitHub answers the deployment and status lists newest first, as the ledger's history has
 * always read them; the REST reference does not state the order, so the stand-in's tests and this
 * comment are where that is written down.
 */
final class GitHubDeployments {
  private final GitHubRestClient client;
  private final String repo;
  private final Map<EnvironmentName, String> githubNames;
  private final Set<String> production;
  private final String logUrl;

  GitHubDeployments(
      GitHubRestClient client,
      String repo,
      Map<EnvironmentName, String> githubNames,
      Set<String> production,
      String logUrl) {
    this.client = client;
    this.repo = repo;
    this.githubNames = Map.copyOf(githubNames);
    this.production = Set.copyOf(production);
    this.logUrl = logUrl;
  }

  /** {@return the environment's name on GitHub: its table's GitHub name, else its own} */
  String githubName(EnvironmentName environment) {
    return githubNames.getOrDefault(environment, environment.value());
  }

  /** {@code deploy}, or {@code deploy:pr-N} for a pull request's instance. */
  static String task(DeploymentTarget target) {
    return target.isPerPullRequest() ? "deploy:pr-" + target.instance() : "deploy";
  }

  boolean isProduction(DeploymentTarget target) {
    return production.contains(target.environment().value());
  }

  /** Creates a deployment of the commit in the target's GitHub environment, with no status. */
  JsonNode create(DeploymentStart start) {
    DeploymentTarget target = start.target();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ref", start.commit().value());
    body.put("task", task(target));
    // The pipeline has its own gates; GitHub's default merge of the default branch and its
    // commit-status check would refuse or alter a deployment of an exact SHA.
    body.put("auto_merge", false);
    body.put("required_contexts", List.of());
    body.put(
        "payload", LedgerCodec.payload(target, start.commit(), start.image(), start.variables()));
    body.put("environment", githubName(target.environment()));
    body.put("description", "Baton: " + start.digest().shortForm() + " to " + target);
    body.put("transient_environment", target.isPerPullRequest());
    body.put("production_environment", isProduction(target));
    return client.post(repo + "/deployments", body);
  }

  /**
   * Adds a status. {@code autoInactive} lets GitHub mark the environment's earlier successful
   * deployments inactive when this one succeeds, which it does for environments that are neither
   * transient nor production
   * (https://docs.github.com/en/rest/deployments/deployments#inactive-deployments).
   */
  JsonNode status(
      long deployment,
      String state,
      String environmentUrl,
      String description,
      boolean autoInactive) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    if (!logUrl.isEmpty()) {
      body.put("log_url", logUrl);
    }
    if (!environmentUrl.isEmpty()) {
      body.put("environment_url", environmentUrl);
    }
    body.put("description", description);
    body.put("auto_inactive", autoInactive);
    return client.post(repo + "/deployments/" + deployment + "/statuses", body);
  }

  /**
   * The deployments of an environment, newest first, read lazily.
   *
   * @param environment the Baton environment
   * @param query more of the list's parameters ({@code sha=...&}), or empty
   * @param perPage deployments per page
   */
  Stream<JsonNode> list(EnvironmentName environment, String query, int perPage) {
    return stream(client.list(deploymentsUrl(environment, query, perPage)));
  }

  /** The deployments of the target's environment and task, newest first, read lazily. */
  Stream<JsonNode> listOf(DeploymentTarget target, int perPage) {
    return list(target.environment(), taskQuery(target), perPage);
  }

  /** The id of the newest deployment listed for the target's environment and task; 0 if none. */
  long newestDeployment(DeploymentTarget target) {
    List<JsonNode> newest =
        client.firstPage(deploymentsUrl(target.environment(), taskQuery(target), 1));
    return newest.isEmpty() ? 0 : newest.get(0).path("id").asLong();
  }

  /**
   * Deployments filtered by environment and the query's other parameters
   * (https://docs.github.com/en/rest/deployments/deployments#list-deployments).
   */
  private String deploymentsUrl(EnvironmentName environment, String query, int perPage) {
    return repo
        + "/deployments?environment="
        + encode(githubName(environment))
        + "&"
        + query
        + "per_page="
        + perPage;
  }

  private static String taskQuery(DeploymentTarget target) {
    return "task=" + encode(task(target)) + "&";
  }

  /** The deployment's newest status; null when it has none. */
  JsonNode newestStatus(String deployment) {
    List<JsonNode> newest =
        client.firstPage(repo + "/deployments/" + deployment + "/statuses?per_page=1");
    return newest.isEmpty() ? null : newest.get(0);
  }

  /** The deployment's state: its newest status's, or in progress while it has none. */
  DeploymentState newestState(String deployment) {
    return stateOf(newestStatus(deployment));
  }

  /** The Baton deployments of an environment, newest first, read lazily. */
  Stream<DeploymentRecord> records(EnvironmentName environment) {
    return list(environment, "", 100)
        .flatMap(
            d ->
                LedgerCodec.read(d)
                    .filter(b -> b.target().environment().equals(environment))
                    .map(b -> record(d, b))
                    .stream());
  }

  /** A Baton deployment as the ledger records it, from all its statuses. */
  private DeploymentRecord record(JsonNode deployment, Deployed baton) {
    String id = deployment.path("id").asText();
    // GitHub lists statuses newest first, so the first page holds the current state; a deployment
    // with no status is still pending.
    List<JsonNode> statuses = new ArrayList<>();
    client.get(repo + "/deployments/" + id + "/statuses?per_page=100").forEach(statuses::add);
    JsonNode newest =
        statuses.stream().max(Comparator.comparingLong(s -> s.path("id").asLong())).orElse(null);
    String url =
        statuses.stream()
            .sorted(Comparator.comparingLong((JsonNode s) -> s.path("id").asLong()).reversed())
            .map(s -> s.path("environment_url").asText(""))
            .filter(u -> !u.isEmpty())
            .findFirst()
            .orElse("");
    Instant at =
        instant(newest != null ? newest.path("created_at") : deployment.path("updated_at"));
    return record(id, baton, stateOf(newest), at, url);
  }

  /** A Baton deployment as the ledger records it. */
  static DeploymentRecord record(
      String id, Deployed baton, DeploymentState state, Instant at, String url) {
    return new DeploymentRecord(
        id, baton.target(), baton.commit(), baton.image(), baton.variables(), state, at, url);
  }

  /** The state a status says; in progress for none (a deployment with no status is pending). */
  static DeploymentState stateOf(JsonNode status) {
    if (status == null) {
      return DeploymentState.IN_PROGRESS;
    }
    return switch (status.path("state").asText()) {
      case "success" -> DeploymentState.SUCCESS;
      case "failure", "error" -> DeploymentState.FAILURE;
      case "inactive" -> DeploymentState.INACTIVE;
      default -> DeploymentState.IN_PROGRESS; // queued, pending, in_progress
    };
  }

  /** {@return when the status or deployment was created; now when GitHub did not say} */
  static Instant instant(JsonNode node) {
    return ReleaseApi.instant(node).orElseGet(Instant::now);
  }

  static <T> Stream<T> stream(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
