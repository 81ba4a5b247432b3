package dev.baton.github.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful GitHub REST API for one repository on a loopback port: releases (drafts are kept out
 * of the by-tag lookup, and publishing creates the tag at {@code target_commitish}, as GitHub
 * does), git refs and annotated tags, commits, closed pull requests, deployments and their
 * statuses, commit statuses, the comparison of two commits of a seeded commit graph, and a workflow
 * run's pending deployments and reviews. Lists are newest first and paginated with {@code Link}
 * headers; requests without the expected bearer token get GitHub's 401. Bodies are the vendor's
 * examples with the stateful fields set ({@link FakeGitHubState}).
 */
public final class FakeGitHub implements AutoCloseable {
  private static final Set<String> DEPLOYMENT_STATES =
      Set.of("error", "failure", "inactive", "in_progress", "queued", "pending", "success");
  private static final Set<String> COMMIT_STATES = Set.of("error", "failure", "pending", "success");

  private final ScriptedServer server;
  private final String repository;
  private final Secret token;
  private final FakeGitHubState state;

  private FakeGitHub(String repository, Secret token) {
    this.repository = repository;
    this.token = token;
    this.server = new ScriptedServer(this::serve);
    this.state = new FakeGitHubState(apiUrl() + "/repos/" + repository);
  }

  /**
   * @param repository {@code owner/name}
   * @param token the only token accepted
   * @return a running server
   */
  public static FakeGitHub start(String repository, Secret token) {
    return new FakeGitHub(repository, token);
  }

  /** The API root. */
  public URI apiUrl() {
    return server.uri("");
  }

  /** Every request so far. */
  public List<ScriptedServer.Request> requests() {
    return server.requests();
  }

  /**
   * How many requests of each kind were made from the {@code from}-th request on, for request
   * budgets: the method and the route, e.g. {@code GET deployments} or {@code POST deployment
   * status}, in the order first seen.
   *
   * @param from the index of the first request counted, a size of {@link #requests()} taken before
   * @return each kind with its count
   */
  public Map<String, Integer> requestCounts(int from) {
    List<ScriptedServer.Request> all = server.requests();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ScriptedServer.Request r : all.subList(Math.min(from, all.size()), all.size())) {
      counts.merge(kind(r.method(), r.path()), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * GitHub's REST routes, by path without the repository prefix: the first that matches names a
   * request.
   */
  private static final Map<Pattern, String> ROUTES =
      routes(
          "/deployments", "deployments",
          "/deployments/\\d+/statuses", "deployment statuses",
          "/commits/[^/]+/statuses|/statuses/[^/]+", "commit statuses",
          "/releases", "releases",
          "/releases/latest", "latest release",
          "/releases/tags/.+", "release by tag",
          "/releases/\\d+", "release",
          "/git/ref/.+|/git/tags/.+", "git ref",
          "/pulls", "pulls",
          "/compare/.+", "compare",
          "/commits/[^/]+", "commit",
          "/actions/runs/\\d+/.+", "run approvals");

  private static Map<Pattern, String> routes(String... patternsAndNames) {
    Map<Pattern, String> routes = new LinkedHashMap<>();
    for (int i = 0; i < patternsAndNames.length; i += 2) {
      routes.put(Pattern.compile(patternsAndNames[i]), patternsAndNames[i + 1]);
    }
    return routes;
  }

  /** The route a request took, named after GitHub's REST reference, without ids or queries. */
  static String kind(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String p = path.replaceFirst("^/repos/[^/]+/[^/]+", "");
    String route =
        ROUTES.entrySet().stream()
            .filter(r -> r.getKey().matcher(p).matches())
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(p);
    return method + " " + route;
  }

  /**
   * @param response answered to the next request instead of serving it
   */
  public void failNext(ScriptedServer.Response response) {
    server.enqueue(response);
  }

  // ---- seeding and inspection ----------------------------------------------------------------

  /**
   * @param name a branch @param sha its head
   */
  public synchronized void branch(String name, String sha) {
    state.branches.put(name, sha);
  }

  /**
   * A commit of the graph the compare API answers from.
   *
   * @param sha the commit @param parents its parents, none for a root
   */
  public synchronized void commit(String sha, String... parents) {
    state.parents.put(sha, List.of(parents));
  }

  /**
   * @param name a lightweight tag @param sha the commit
   */
  public synchronized void tag(String name, String sha) {
    state.tags.put(name, sha);
  }

  /**
   * @param name an annotated tag @param objectSha the tag object's SHA @param commit its commit
   */
  public synchronized void annotatedTag(String name, String objectSha, String commit) {
    state.annotated.put(objectSha, commit);
    state.tags.put(name, objectSha);
  }

  /** A release as a human would have made it, published unless {@code draft}. */
  public synchronized long release(String tag, String commit, boolean draft, boolean prerelease) {
    long id = state.id();
    ObjectNode r = state.release(id, tag, commit, tag, "", draft, prerelease);
    state.releases.put(id, r);
    if (!draft) {
      state.tags.putIfAbsent(tag, commit);
    }
    return id;
  }

  /** Publishes a release as the "Publish release" button does. */
  public synchronized void publish(long id) {
    ObjectNode r = state.releases.get(id);
    if (r == null) {
      throw new IllegalArgumentException("no release " + id);
    }
    publish(r);
  }

  /** A pull request merged now. */
  public synchronized void mergedPullRequest(long number, String title, String... labels) {
    state.pulls.add(state.pull(number, title, "octocat", List.of(labels), state.tick()));
  }

  /** A pull request open now, with these labels (replacing what was known of that number). */
  public synchronized void openPullRequest(long number, String title, String... labels) {
    state.pulls.removeIf(p -> p.get("number").asLong() == number);
    ObjectNode p = state.pull(number, title, "octocat", List.of(labels), null);
    p.put("state", "open");
    p.putNull("closed_at");
    state.pulls.add(p);
  }

  /** A pull request closed now without merging. */
  public synchronized void closedPullRequest(long number, String title, String... labels) {
    state.pulls.add(state.pull(number, title, "octocat", List.of(labels), null));
  }

  /**
   * @param runId a workflow run @param environments its deployments waiting for review
   */
  public synchronized void pending(long runId, String... environments) {
    state.pendingEnvironments.put(runId, new ArrayList<>(List.of(environments)));
  }

  /** Records a review of a run's pending deployments, which are then no longer pending. */
  public synchronized void review(
      long runId, String reviewState, String reviewer, String comment, String... environments) {
    state
        .approvals
        .computeIfAbsent(runId, k -> new ArrayList<>())
        .add(0, state.approval(reviewState, comment, reviewer, List.of(environments)));
    state
        .pendingEnvironments
        .getOrDefault(runId, new ArrayList<>())
        .removeAll(List.of(environments));
  }

  /**
   * A deployment made earlier, with its statuses in order, as if created through the API: for
   * seeding a long history without a request per deployment.
   *
   * @param environment the GitHub environment
   * @param task the deployment's task
   * @param sha the commit
   * @param payload the deployment's payload
   * @param transientEnvironment whether the environment is transient
   * @param production whether it is a production environment
   * @param states the statuses' states, oldest first
   * @return the deployment's id
   */
  public synchronized long seedDeployment(
      String environment,
      String task,
      String sha,
      JsonNode payload,
      boolean transientEnvironment,
      boolean production,
      String... states) {
    ObjectNode request = FakeGitHubState.JSON.createObjectNode();
    request.put("ref", sha).put("environment", environment);
    request.put("task", task);
    request.put("transient_environment", transientEnvironment);
    request.put("production_environment", production);
    request.set("payload", payload);
    long id = state.id();
    state.deployments.put(id, state.deployment(id, request));
    List<ObjectNode> statuses = new ArrayList<>();
    for (String st : states) {
      ObjectNode s = FakeGitHubState.JSON.createObjectNode().put("state", st);
      statuses.add(state.deploymentStatus(state.id(), id, s));
    }
    state.deploymentStatuses.put(id, statuses);
    return id;
  }

  /** Every release, newest first. */
  public synchronized List<JsonNode> releases() {
    return newestFirst(state.releases.values());
  }

  /** Every deployment, newest first. */
  public synchronized List<JsonNode> deployments() {
    return newestFirst(state.deployments.values());
  }

  /**
   * @param deployment an id @return its statuses, newest first
   */
  public synchronized List<JsonNode> deploymentStatuses(long deployment) {
    return newestFirst(state.deploymentStatuses.getOrDefault(deployment, List.of()));
  }

  /**
   * @param sha a commit @return its commit statuses, newest first
   */
  public synchronized List<JsonNode> commitStatuses(String sha) {
    return newestFirst(state.commitStatuses.getOrDefault(sha, List.of()));
  }

  /**
   * @param tag a tag @return what it points at, or null
   */
  public synchronized String tagTarget(String tag) {
    return state.tags.get(tag);
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private synchronized ScriptedServer.Response serve(ScriptedServer.Request request) {
    int q = request.path().indexOf('?');
    String path = q < 0 ? request.path() : request.path().substring(0, q);
    Answer answer;
    if (!("Bearer " + token.reveal()).equals(request.header("authorization"))) {
      answer = new Answer(401, Fixtures.api("error-bad-credentials.json"), Map.of());
    } else {
      answer =
          route(
              request.method(),
              path,
              query(q < 0 ? null : request.path().substring(q + 1)),
              request.body());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.putAll(answer.headers());
    return new ScriptedServer.Response(answer.status(), headers, answer.body());
  }

  private Answer route(String method, String path, Map<String, String> query, String body) {
    String prefix = "/repos/" + repository;
    if (!path.startsWith(prefix + "/")) {
      return notFound();
    }
    String p = path.substring(prefix.length());
    requestPath = path;
    JsonNode request = parse(body);
    Matcher m;
    if ((m = match("/releases", p)) != null) {
      return switch (method) {
        case "GET" -> page(newestFirst(state.releases.values()), query);
        case "POST" -> createRelease(request);
        default -> notFound();
      };
    }
    if (match("/releases/latest", p) != null && method.equals("GET")) {
      // The most recent published full release by created_at, as GitHub documents it.
      return state.releases.values().stream()
          .filter(r -> !r.get("draft").asBoolean() && !r.get("prerelease").asBoolean())
          .max(
              Comparator.comparing((JsonNode r) -> r.get("created_at").asText())
                  .thenComparingLong(r -> r.get("id").asLong()))
          .map(this::ok)
          .orElseGet(FakeGitHub::notFound);
    }
    if ((m = match("/releases/(\\d+)", p)) != null) {
      ObjectNode r = state.releases.get(Long.parseLong(m.group(1)));
      if (r == null) {
        return notFound();
      }
      return switch (method) {
        case "GET" -> ok(r);
        case "PATCH" -> updateRelease(r, request);
        case "DELETE" -> {
          state.releases.remove(r.get("id").asLong());
          yield new Answer(204, "", Map.of());
        }
        default -> notFound();
      };
    }
    if ((m = match("/releases/tags/(.+)", p)) != null && method.equals("GET")) {
      String tag = decode(m.group(1));
      return state.releases.values().stream()
          .filter(r -> !r.get("draft").asBoolean() && r.get("tag_name").asText().equals(tag))
          .findFirst()
          .map(this::ok)
          .orElseGet(FakeGitHub::notFound);
    }
    if ((m = match("/git/ref/tags/(.+)", p)) != null && method.equals("GET")) {
      String tag = decode(m.group(1));
      return state.tags.containsKey(tag) ? ok(state.ref(tag)) : notFound();
    }
    if ((m = match("/git/tags/([0-9a-f]{40})", p)) != null && method.equals("GET")) {
      return state.annotated.containsKey(m.group(1))
          ? ok(state.annotatedTag(m.group(1)))
          : notFound();
    }
    if ((m = match("/commits/([^/]+)/statuses", p)) != null && method.equals("GET")) {
      return page(newestFirst(state.commitStatuses.getOrDefault(m.group(1), List.of())), query);
    }
    if ((m = match("/commits/([^/]+)", p)) != null && method.equals("GET")) {
      String ref = decode(m.group(1));
      String sha = state.branches.getOrDefault(ref, ref.matches("[0-9a-f]{40}") ? ref : null);
      return sha == null ? validation("No commit found for SHA: " + ref) : ok(state.commit(sha));
    }
    if ((m = match("/compare/([^/]+)\\.\\.\\.([^/]+)", p)) != null && method.equals("GET")) {
      ObjectNode comparison = state.comparison(decode(m.group(1)), decode(m.group(2)));
      return comparison == null ? notFound() : ok(comparison);
    }
    if ((m = match("/pulls/(\\d+)", p)) != null && method.equals("GET")) {
      long number = Long.parseLong(m.group(1));
      JsonNode pull = null;
      for (JsonNode candidate : state.pulls) {
        if (candidate.get("number").asLong() == number) {
          pull = candidate;
        }
      }
      return pull == null ? notFound() : ok(pull);
    }
    if (match("/pulls", p) != null && method.equals("GET")) {
      List<JsonNode> closed = new ArrayList<>(state.pulls);
      closed.sort(Comparator.comparing((JsonNode n) -> n.get("updated_at").asText()).reversed());
      return page(closed, query);
    }
    if (match("/deployments", p) != null) {
      return method.equals("POST")
          ? createDeployment(request)
          : page(
              newestFirst(state.deployments.values()).stream()
                  .filter(
                      d ->
                          !query.containsKey("environment")
                              || d.get("environment").asText().equals(query.get("environment")))
                  .filter(
                      d ->
                          !query.containsKey("sha")
                              || d.get("sha").asText().equals(query.get("sha")))
                  .filter(
                      d ->
                          !query.containsKey("task")
                              || d.get("task").asText().equals(query.get("task")))
                  .toList(),
              query);
    }
    if ((m = match("/deployments/(\\d+)/statuses", p)) != null) {
      long id = Long.parseLong(m.group(1));
      if (!state.deployments.containsKey(id)) {
        return notFound();
      }
      return method.equals("POST")
          ? createDeploymentStatus(id, request)
          : page(newestFirst(state.deploymentStatuses.getOrDefault(id, List.of())), query);
    }
    if ((m = match("/statuses/([0-9a-f]{40})", p)) != null && method.equals("POST")) {
      return createCommitStatus(m.group(1), request);
    }
    if ((m = match("/actions/runs/(\\d+)/pending_deployments", p)) != null) {
      long run = Long.parseLong(m.group(1));
      List<JsonNode> pending = new ArrayList<>();
      state
          .pendingEnvironments
          .getOrDefault(run, List.of())
          .forEach(e -> pending.add(state.pending(e)));
      return ok(FakeGitHubState.JSON.valueToTree(pending));
    }
    if ((m = match("/actions/runs/(\\d+)/approvals", p)) != null) {
      return ok(
          FakeGitHubState.JSON.valueToTree(
              state.approvals.getOrDefault(Long.parseLong(m.group(1)), List.of())));
    }
    return notFound();
  }

  private Answer createRelease(JsonNode request) {
    String tag = request.path("tag_name").asText("");
    if (tag.isEmpty()) {
      return validation("tag_name is missing");
    }
    boolean draft = request.path("draft").asBoolean(false);
    boolean taken =
        state.releases.values().stream()
            .anyMatch(r -> !r.get("draft").asBoolean() && r.get("tag_name").asText().equals(tag));
    if (taken) {
      return new Answer(422, Fixtures.api("error-validation-failed.json"), Map.of());
    }
    long id = state.id();
    ObjectNode r =
        state.release(
            id,
            tag,
            request.path("target_commitish").asText("main"),
            request.path("name").asText(tag),
            request.path("body").asText(""),
            true,
            request.path("prerelease").asBoolean(false));
    state.releases.put(id, r);
    if (!draft) {
      publish(r);
    }
    return new Answer(201, r.toString(), Map.of("Location", r.get("url").asText()));
  }

  private Answer updateRelease(ObjectNode r, JsonNode request) {
    for (String f : List.of("tag_name", "target_commitish", "name", "body")) {
      if (request.has(f)) {
        r.put(f, request.get(f).asText());
      }
    }
    if (request.has("prerelease")) {
      r.put("prerelease", request.get("prerelease").asBoolean());
    }
    if (request.has("draft") && !request.get("draft").asBoolean() && r.get("draft").asBoolean()) {
      publish(r);
    }
    return ok(r);
  }

  private void publish(ObjectNode r) {
    String commitish = r.get("target_commitish").asText();
    String commit = state.branches.getOrDefault(commitish, commitish);
    state.tags.putIfAbsent(r.get("tag_name").asText(), commit);
    r.put("draft", false);
    r.put("published_at", state.tick().toString());
  }

  private Answer createDeployment(JsonNode request) {
    if (!request.path("ref").isTextual()) {
      return validation("ref is missing");
    }
    long id = state.id();
    ObjectNode d = state.deployment(id, request);
    state.deployments.put(id, d);
    return new Answer(201, d.toString(), Map.of());
  }

  private Answer createDeploymentStatus(long deployment, JsonNode request) {
    if (!DEPLOYMENT_STATES.contains(request.path("state").asText())) {
      return validation("state is not included in the list");
    }
    ObjectNode s = state.deploymentStatus(state.id(), deployment, request);
    state.deploymentStatuses.computeIfAbsent(deployment, k -> new ArrayList<>()).add(s);
    if (s.get("state").asText().equals("success")
        && request.path("auto_inactive").asBoolean(true)) {
      autoInactive(deployment);
    }
    return new Answer(201, s.toString(), Map.of());
  }

  /**
   * What GitHub does after a success status unless {@code auto_inactive} is false: every prior
   * deployment of the same environment whose newest status is {@code success} gets an {@code
   * inactive} status, transient and production environments excepted
   * (https://docs.github.com/en/rest/deployments/deployments#inactive-deployments).
   */
  private void autoInactive(long deployment) {
    JsonNode d = state.deployments.get(deployment);
    if (d.get("transient_environment").asBoolean() || d.get("production_environment").asBoolean()) {
      return;
    }
    String environment = d.get("environment").asText();
    for (ObjectNode earlier : state.deployments.values()) {
      long id = earlier.get("id").asLong();
      List<ObjectNode> statuses = state.deploymentStatuses.getOrDefault(id, List.of());
      if (id < deployment
          && earlier.get("environment").asText().equals(environment)
          && !statuses.isEmpty()
          && statuses.get(statuses.size() - 1).get("state").asText().equals("success")) {
        ObjectNode inactive = FakeGitHubState.JSON.createObjectNode().put("state", "inactive");
        statuses.add(state.deploymentStatus(state.id(), id, inactive));
      }
    }
  }

  private Answer createCommitStatus(String sha, JsonNode request) {
    if (!COMMIT_STATES.contains(request.path("state").asText())) {
      return validation("state is not included in the list");
    }
    if (request.path("description").asText("").length() > 140) {
      return validation("description is too long (maximum is 140 characters)");
    }
    ObjectNode s = state.commitStatus(state.id(), request);
    state.commitStatuses.computeIfAbsent(sha, k -> new ArrayList<>()).add(s);
    return new Answer(201, s.toString(), Map.of());
  }

  /** Pagination as GitHub does it: per_page (default 30, at most 100), page, and Link headers. */
  private Answer page(List<JsonNode> all, Map<String, String> query) {
    int perPage = Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30")));
    int pageNo = Integer.parseInt(query.getOrDefault("page", "1"));
    int from = Math.min(all.size(), (pageNo - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    Map<String, String> headers = new LinkedHashMap<>();
    if (to < all.size()) {
      Map<String, String> next = new LinkedHashMap<>(query);
      next.put("page", Integer.toString(pageNo + 1));
      StringBuilder q = new StringBuilder();
      next.forEach(
          (k, v) ->
              q.append(q.length() == 0 ? "?" : "&")
                  .append(k)
                  .append('=')
                  .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
      headers.put("Link", "<" + apiUrl() + requestPath + q + ">; rel=\"next\"");
    }
    return new Answer(
        200, FakeGitHubState.JSON.valueToTree(all.subList(from, to)).toString(), headers);
  }

  // The path of the request being answered, for the next-page link; guarded by this.
  private String requestPath = "";

  private static Matcher match(String regex, String path) {
    Matcher m = Pattern.compile(regex).matcher(path);
    return m.matches() ? m : null;
  }

  private Answer ok(JsonNode body) {
    return new Answer(200, body.toString(), Map.of());
  }

  private static Answer notFound() {
    return new Answer(404, Fixtures.api("error-not-found.json"), Map.of());
  }

  private static Answer validation(String message) {
    ObjectNode e = FakeGitHubState.JSON.createObjectNode();
    e.put("message", "Validation Failed");
    e.putArray("errors").add(message);
    e.put("documentation_url", "https://docs.github.com/rest");
    e.put("status", "422");
    return new Answer(422, e.toString(), Map.of());
  }

  private static List<JsonNode> newestFirst(java.util.Collection<? extends JsonNode> nodes) {
    List<JsonNode> out = new ArrayList<>(nodes);
    out.sort(Comparator.comparingLong((JsonNode n) -> n.get("id").asLong()).reversed());
    return out;
  }

  private static JsonNode parse(String body) {
    try {
      return body.isBlank()
          ? FakeGitHubState.JSON.createObjectNode()
          : FakeGitHubState.JSON.readTree(body);
    } catch (IOException e) {
      return FakeGitHubState.JSON.createObjectNode();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(
            decode(eq < 0 ? pair : pair.substring(0, eq)),
            eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /**
   * @return the time of the fake clock's last tick
   */
  public synchronized Instant lastTick() {
    return state.tick();
  }

  @Override
  public void close() {
    server.close();
  }

  private record Answer(int status, String body, Map<String, String> headers) {}
}
