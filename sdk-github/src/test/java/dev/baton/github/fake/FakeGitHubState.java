package dev.baton.github.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The repository state behind {@link FakeGitHub}: releases, tags (lightweight and annotated),
 * branches, pull requests, deployments with their statuses, commit statuses and a workflow run's
 * environment reviews. Every object is rendered from the vendor's example body of the matching
 * endpoint (see {@code src/test/resources/github-api/README.md}), with the stateful fields
 * overwritten. Guarded by the {@link FakeGitHub} instance's lock.
 */
final class FakeGitHubState {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private long nextId = 1000;

  final Map<Long, ObjectNode> releases = new LinkedHashMap<>();

  /** Tag name to the object it points at: a commit SHA, or an annotated tag object's SHA. */
  final Map<String, String> tags = new LinkedHashMap<>();

  /** Annotated tag object SHA to the commit it tags. */
  final Map<String, String> annotated = new LinkedHashMap<>();

  final Map<String, String> branches = new LinkedHashMap<>();

  /** The commit graph the compare API answers from: a commit's SHA to its parents' SHAs. */
  final Map<String, List<String>> parents = new LinkedHashMap<>();

  final List<ObjectNode> pulls = new ArrayList<>();
  final Map<Long, ObjectNode> deployments = new LinkedHashMap<>();
  final Map<Long, List<ObjectNode>> deploymentStatuses = new LinkedHashMap<>();
  final Map<String, List<ObjectNode>> commitStatuses = new LinkedHashMap<>();
  final Map<Long, List<String>> pendingEnvironments = new LinkedHashMap<>();
  final Map<Long, List<ObjectNode>> approvals = new LinkedHashMap<>();

  FakeGitHubState(String base) {
    this.base = base;
  }

  /** Advances the clock by a second and returns it, so every write has its own timestamp. */
  Instant tick() {
    now = now.plusSeconds(1);
    return now;
  }

  long id() {
    return ++nextId;
  }

  ObjectNode release(
      long id,
      String tag,
      String commitish,
      String name,
      String body,
      boolean draft,
      boolean prerelease) {
    ObjectNode r = template("create-release.json");
    String created = tick().toString();
    r.put("id", id);
    r.put("url", base + "/releases/" + id);
    r.put("tag_name", tag);
    r.put("target_commitish", commitish);
    r.put("name", name);
    r.put("body", body);
    r.put("draft", draft);
    r.put("prerelease", prerelease);
    r.put("created_at", created);
    if (draft) {
      r.putNull("published_at");
    } else {
      r.put("published_at", created);
    }
    r.putArray("assets");
    return r;
  }

  ObjectNode ref(String tag) {
    ObjectNode ref = template("get-ref.json");
    String target = tags.get(tag);
    ref.put("ref", "refs/tags/" + tag);
    ref.put("url", base + "/git/refs/tags/" + tag);
    ObjectNode object = (ObjectNode) ref.get("object");
    object.put("type", annotated.containsKey(target) ? "tag" : "commit");
    object.put("sha", target);
    return ref;
  }

  ObjectNode annotatedTag(String sha) {
    ObjectNode t = template("get-tag.json");
    t.put("sha", sha);
    ObjectNode object = (ObjectNode) t.get("object");
    object.put("type", "commit");
    object.put("sha", annotated.get(sha));
    return t;
  }

  ObjectNode commit(String sha) {
    ObjectNode c = template("get-commit.json");
    c.put("sha", sha);
    c.put("url", base + "/commits/" + sha);
    return c;
  }

  /**
   * The compare API's answer for {@code base...head}, from the commit graph: how many commits each
   * has that the other lacks, and the status GitHub derives from them. Null when either is unknown.
   */
  ObjectNode comparison(String baseSha, String headSha) {
    if (!parents.containsKey(baseSha) || !parents.containsKey(headSha)) {
      return null;
    }
    Set<String> ofBase = ancestry(baseSha);
    Set<String> ofHead = ancestry(headSha);
    long ahead = ofHead.stream().filter(c -> !ofBase.contains(c)).count();
    long behind = ofBase.stream().filter(c -> !ofHead.contains(c)).count();
    String status =
        ahead == 0 && behind == 0
            ? "identical"
            : behind == 0 ? "ahead" : ahead == 0 ? "behind" : "diverged";
    String mergeBase = ofHead.stream().filter(ofBase::contains).findFirst().orElse(baseSha);
    ObjectNode c = template("compare-commits.json");
    c.put("url", base + "/compare/" + baseSha + "..." + headSha);
    ((ObjectNode) c.get("base_commit")).put("sha", baseSha);
    ((ObjectNode) c.get("merge_base_commit")).put("sha", mergeBase);
    c.put("status", status);
    c.put("ahead_by", ahead);
    c.put("behind_by", behind);
    c.put("total_commits", ahead);
    c.putArray("commits");
    return c;
  }

  /** A commit and its ancestors, nearest first (breadth first). */
  private Set<String> ancestry(String sha) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(sha));
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (seen.add(c)) {
        todo.addAll(parents.getOrDefault(c, List.of()));
      }
    }
    return seen;
  }

  ObjectNode pull(long number, String title, String author, List<String> labels, Instant merged) {
    ObjectNode p = element("list-pulls.json");
    p.put("number", number);
    p.put("title", title);
    p.put("state", "closed");
    ((ObjectNode) p.get("user")).put("login", author);
    ArrayNode l = p.putArray("labels");
    for (String name : labels) {
      l.addObject().put("name", name).put("color", "0e8a16").put("default", false);
    }
    p.put("merged_at", merged == null ? null : merged.toString());
    p.put("closed_at", tick().toString());
    p.put("updated_at", now.toString());
    return p;
  }

  ObjectNode deployment(long id, JsonNode request) {
    ObjectNode d = template("create-deployment.json");
    String at = tick().toString();
    d.put("id", id);
    d.put("url", base + "/deployments/" + id);
    d.put("sha", request.path("ref").asText());
    d.put("ref", request.path("ref").asText());
    d.put("task", request.path("task").asText("deploy"));
    d.set(
        "payload",
        request.path("payload").isMissingNode() ? JSON.createObjectNode() : request.get("payload"));
    d.put("environment", request.path("environment").asText("production"));
    d.put("original_environment", request.path("environment").asText("production"));
    d.put("description", request.path("description").asText(null));
    d.put("transient_environment", request.path("transient_environment").asBoolean(false));
    d.put(
        "production_environment",
        request
            .path("production_environment")
            .asBoolean("production".equals(request.path("environment").asText("production"))));
    d.put("created_at", at);
    d.put("updated_at", at);
    d.put("statuses_url", base + "/deployments/" + id + "/statuses");
    return d;
  }

  ObjectNode deploymentStatus(long id, long deployment, JsonNode request) {
    ObjectNode s = template("create-deployment-status.json");
    String at = tick().toString();
    s.put("id", id);
    s.put("state", request.path("state").asText());
    s.put("description", request.path("description").asText(""));
    s.put("environment", deployments.get(deployment).path("environment").asText());
    s.put("environment_url", request.path("environment_url").asText(""));
    s.put("log_url", request.path("log_url").asText(""));
    s.put("target_url", request.path("log_url").asText(""));
    s.put("deployment_url", base + "/deployments/" + deployment);
    s.put("created_at", at);
    s.put("updated_at", at);
    return s;
  }

  ObjectNode commitStatus(long id, JsonNode request) {
    ObjectNode s = template("create-commit-status.json");
    String at = tick().toString();
    s.put("id", id);
    s.put("state", request.path("state").asText());
    s.put("description", request.path("description").asText(null));
    s.put("target_url", request.path("target_url").asText(null));
    s.put("context", request.path("context").asText("default"));
    s.put("created_at", at);
    s.put("updated_at", at);
    return s;
  }

  ObjectNode pending(String environment) {
    ObjectNode p = element("list-pending-deployments.json");
    ((ObjectNode) p.get("environment")).put("name", environment);
    return p;
  }

  ObjectNode approval(String state, String comment, String reviewer, List<String> environments) {
    ObjectNode a = element("list-run-approvals.json");
    a.put("state", state);
    a.put("comment", comment);
    ((ObjectNode) a.get("user")).put("login", reviewer);
    ObjectNode example = (ObjectNode) a.get("environments").get(0);
    ArrayNode envs = a.putArray("environments");
    for (String e : environments) {
      envs.add(example.deepCopy().put("name", e));
    }
    return a;
  }

  private static final Map<String, JsonNode> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static JsonNode parsed(String file) {
    return PARSED.computeIfAbsent(
        file,
        f -> {
          try {
            return JSON.readTree(Fixtures.api(f));
          } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** A fresh copy of an example object body. */
  private static ObjectNode template(String file) {
    return (ObjectNode) parsed(file).deepCopy();
  }

  /** A fresh copy of the first element of an example list body. */
  private static ObjectNode element(String file) {
    return (ObjectNode) parsed(file).get(0).deepCopy();
  }
}
