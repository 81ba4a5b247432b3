package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.internal.LedgerCodec;
import dev.baton.spi.ResolvedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub requests of {@code baton run}, counted on the GitHub stand-in: the runs of a release's
 * life (two pushes to the default branch, a re-run of the second, the release's staging job, its
 * prod job refused for want of approval and then approved, a pull request's preview labeled and
 * closed) against a repository with 10, 105 or 10,000 earlier deployments and 120 closed pull
 * requests. Each run must stay within its budget, and the counts must not grow with the history.
 * The table printed is the one in {@code docs/github.md}.
 */
class GitHubRequestBudgetTest {
  static final String TOKEN = "ghs_budget0token0value";
  static final ImageReference REPO = ImageReference.parse("ghcr.io/codertocat/hello-world");
  static final ObjectMapper JSON = new ObjectMapper();

  /** The commit the example push payload names; the second push. */
  static final CommitSha PUSHED = CommitSha.parse("6113728f27ae82c7b1a177c8d03f9e96e0adf246");

  /** The first push, the parent of {@link #PUSHED}. */
  static final CommitSha FIRST = CommitSha.parse("1111111111111111111111111111111111111111");

  /** The commit every earlier deployment ran, the parent of {@link #FIRST}. */
  static final CommitSha EARLIER = CommitSha.parse("0000000000000000000000000000000000000abc");

  /** The merge commit of the example pull request (#2). */
  static final CommitSha MERGE = CommitSha.parse("c4295bd74fb0f4fda03689c3df3f2803b658fd85");

  /**
   * The most GitHub requests each run may make, whatever the history (docs/github.md explains what
   * each one is for). The runs that deploy cannot reach 8: each deploy reads the target's current
   * deployment (2), checks it again before it begins and before it succeeds (1 each) and writes the
   * deployment and its in-progress and final statuses (3).
   */
  static final Map<String, Integer> BUDGETS =
      budgets(
          "push (first, creates the draft release)", 15,
          "push", 14,
          "push, run again", 8,
          "release: staging", 12,
          "release: prod, refused", 7,
          "release: prod, approved", 13,
          "preview labeled", 9,
          "preview closed", 3);

  @TempDir Path dir;

  private String apiUrl;

  record Run(String name, String event, String payload, CommitSha sha, String... args) {}

  @Test
  void everyRun_staysWithinItsBudget_whateverTheHistory() throws Exception {
    Map<String, Map<Integer, Integer>> byRun = new LinkedHashMap<>();
    StringBuilder tables = new StringBuilder();
    for (int earlier : new int[] {10, 105, 10_000}) {
      Map<String, String> rows = runAll(earlier);
      tables
          .append("GitHub requests per baton run, ")
          .append(earlier)
          .append(" earlier deployments, 120 closed pull requests:\n")
          .append("| run | requests | of which |\n|---|---|---|\n");
      rows.forEach(
          (run, row) -> {
            tables.append(row).append('\n');
            int n = Integer.parseInt(row.split("\\|")[2].strip());
            byRun.computeIfAbsent(run, k -> new LinkedHashMap<>()).put(earlier, n);
          });
    }
    System.out.println(tables);
    assertThat(byRun.keySet()).containsExactlyElementsOf(BUDGETS.keySet());
    byRun.forEach(
        (run, counts) -> {
          assertThat(counts.values())
              .as("%s: the same requests whatever the history %s", run, counts)
              .containsOnly(counts.get(10));
          assertThat(counts.get(10)).as(run).isLessThanOrEqualTo(BUDGETS.get(run));
        });
  }

  /** Runs the eight runs on a fresh stand-in; each run's table row, by run. */
  private Map<String, String> runAll(int earlier) throws Exception {
    FakeProviders providers = new FakeProviders();
    providers.realGitHub = true;
    providers.coordinationKeepsLedger = false;
    try (FakeGitHub github = FakeGitHub.start("Codertocat/Hello-World", Secret.of(TOKEN))) {
      seed(github, providers, earlier);
      Files.writeString(
          dir.resolve("baton.yaml"), "repository: " + REPO + "\npull-request-label: bug\n");
      List<Run> runs =
          List.of(
              new Run("push (first, creates the draft release)", "push", push(FIRST), FIRST),
              new Run("push", "push", "push.branch.json", PUSHED),
              new Run("push, run again", "push", "push.branch.json", PUSHED),
              new Run(
                  "release: staging",
                  "release",
                  "release.published.json",
                  PUSHED,
                  "--only",
                  "staging"),
              new Run(
                  "release: prod, refused",
                  "release",
                  "release.published.json",
                  PUSHED,
                  "--only",
                  "prod"),
              new Run(
                  "release: prod, approved",
                  "release",
                  "release.published.json",
                  PUSHED,
                  "--only",
                  "prod",
                  "--approve",
                  "prod"),
              new Run("preview labeled", "pull_request", "pull_request.labeled.json", MERGE),
              new Run("preview closed", "pull_request", "pull_request.closed.json", MERGE));
      Map<String, String> rows = new LinkedHashMap<>();
      for (Run run : runs) {
        if (run.event().equals("release") && github.tagTarget("0.0.1") == null) {
          // Published by hand, as the release event says.
          github.release("0.0.1", PUSHED.value(), false, false);
        }
        int mark = github.requests().size();
        int deploymentsBefore = github.deployments().size();
        CliRunner.Outcome o = CliRunner.in(dir).env(env(run)).providers(providers).run(args(run));
        Map<String, Integer> counts = github.requestCounts(mark);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        rows.put(
            run.name(), String.format("| %s | %d | %s |", run.name(), total, breakdown(counts)));
        boolean refused = run.name().endsWith("refused");
        assertThat(o.exit()).as(run.name() + ": " + o.err()).isEqualTo(refused ? 1 : 0);
        if (run.name().equals("push, run again")) {
          assertThat(github.deployments().size())
              .as("a run again reuses the deployment")
              .isEqualTo(deploymentsBefore);
        }
      }
      assertEndState(github);
      return rows;
    }
  }

  private static Map<String, Integer> budgets(Object... runAndBudget) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < runAndBudget.length; i += 2) {
      out.put((String) runAndBudget[i], (Integer) runAndBudget[i + 1]);
    }
    return out;
  }

  /** What the runs left in GitHub: one active deployment per target, the preview destroyed. */
  private static void assertEndState(FakeGitHub github) {
    Map<String, List<String>> activeByTarget = new HashMap<>();
    for (JsonNode d : github.deployments()) {
      List<JsonNode> statuses = github.deploymentStatuses(d.get("id").asLong());
      if (!statuses.isEmpty() && statuses.get(0).get("state").asText().equals("success")) {
        JsonNode baton = d.path("payload").path("baton");
        activeByTarget
            .computeIfAbsent(
                baton.path("environment").asText() + "#" + baton.path("instance").asText(),
                k -> new ArrayList<>())
            .add(baton.path("commit").asText());
      }
    }
    assertThat(activeByTarget.get("dev#")).containsExactly(PUSHED.value());
    assertThat(activeByTarget.get("staging#")).containsExactly(PUSHED.value());
    assertThat(activeByTarget.get("prod#")).containsExactly(PUSHED.value());
    assertThat(activeByTarget).doesNotContainKey("preview#2");
    assertThat(activeByTarget.values()).allSatisfy(commits -> assertThat(commits).hasSize(1));
  }

  private static String breakdown(Map<String, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((kind, n) -> parts.add(n + " " + kind));
    return String.join(", ", parts);
  }

  private String[] args(Run run) {
    String[] all = new String[run.args().length + 1];
    all[0] = "run";
    System.arraycopy(run.args(), 0, all, 1, run.args().length);
    return all;
  }

  private Map<String, String> env(Run run) {
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_EVENT_NAME", run.event());
    Path payload = Path.of(run.payload());
    env.put(
        "GITHUB_EVENT_PATH",
        (payload.isAbsolute() ? payload : PlanOfflineTest.payload(run.payload())).toString());
    env.put("GITHUB_SHA", run.sha().value());
    env.put("GITHUB_REPOSITORY", "Codertocat/Hello-World");
    env.put("GITHUB_TOKEN", TOKEN);
    env.put("GITHUB_RUN_ID", "4242");
    env.put("GITHUB_API_URL", apiUrl);
    try {
      env.put("GITHUB_OUTPUT", Files.createTempFile(dir, "output", ".txt").toString());
      env.put("GITHUB_STEP_SUMMARY", Files.createTempFile(dir, "summary", ".md").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return env;
  }

  /** The example push payload, for another commit. */
  private String push(CommitSha commit) throws Exception {
    ObjectNode p = (ObjectNode) JSON.readTree(PlanOfflineTest.payload("push.branch.json").toFile());
    p.put("after", commit.value());
    ((ObjectNode) p.get("head_commit")).put("id", commit.value());
    Path file = dir.resolve("push." + commit.shortForm() + ".json");
    JSON.writeValue(file.toFile(), p);
    return file.toString();
  }

  /**
   * The repository before the runs: the images of the commits in the registry, the commit graph,
   * 120 closed pull requests, and {@code earlier} deployments spread over dev, staging, prod and
   * other pull requests' previews, each target's newest one running, the others superseded, every
   * seventh one failed.
   */
  private void seed(FakeGitHub github, FakeProviders providers, int earlier) {
    apiUrl = github.apiUrl().toString();
    ResolvedImage earlierImage = null;
    for (CommitSha c : List.of(EARLIER, FIRST, PUSHED, MERGE)) {
      ResolvedImage pushed =
          providers.registry.pushImage(REPO.withTag(ImageTagScheme.standard().tagFor(c)));
      earlierImage = earlierImage == null ? pushed : earlierImage;
    }
    github.branch("master", PUSHED.value());
    github.commit(EARLIER.value());
    github.commit(FIRST.value(), EARLIER.value());
    github.commit(PUSHED.value(), FIRST.value());
    github.commit(MERGE.value(), PUSHED.value());
    Random random = new Random(earlier);
    for (int i = 1; i <= 120; i++) {
      if (i % 3 == 0) {
        github.closedPullRequest(i, "Closed without merging #" + i);
      } else {
        github.mergedPullRequest(i, "Change #" + i, i % 10 == 0 ? "enhancement" : "bug");
      }
    }
    ResolvedImage image = earlierImage;
    String[] environments = {"dev", "staging", "prod", "preview"};
    for (int i = 0; i < earlier; i++) {
      String env = environments[i % environments.length];
      boolean preview = env.equals("preview");
      DeploymentTarget target =
          preview
              ? DeploymentTarget.pullRequest(EnvironmentName.parse(env), 100 + random.nextInt(50))
              : DeploymentTarget.of(EnvironmentName.parse(env));
      boolean newest = i >= earlier - environments.length;
      String[] states =
          i % 7 == 3 && !newest
              ? new String[] {"in_progress", "failure"}
              : newest && !preview
                  ? new String[] {"in_progress", "success"}
                  : new String[] {"in_progress", "success", "inactive"};
      github.seedDeployment(
          env,
          preview ? "deploy:pr-" + target.instance() : "deploy",
          EARLIER.value(),
          JSON.valueToTree(
              LedgerCodec.payload(
                  target,
                  EARLIER,
                  image.pinned(),
                  preview ? Map.of("PR_NUMBER", target.instance()) : Map.of())),
          preview,
          env.equals("prod"),
          states);
    }
  }
}
