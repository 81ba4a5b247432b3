package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code baton plan --json --offline} over GitHub's published webhook examples (see
 * src/test/resources/payloads/README.md), one per case of the environment table. The examples' pull
 * requests carry the label {@code bug}, so the table here deploys on {@code bug}.
 */
class PlanOfflineTest {
  static final String GITHUB_SHA = "0123456789abcdef0123456789abcdef01234567";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;

  @BeforeAll
  static void config() throws Exception {
    Files.writeString(
        dir.resolve("baton.yaml"),
        """
        registry: ghcr.io
        repository: octocat/hello-world
        pull-request-label: bug
        """);
  }

  static Path payload(String name) {
    try {
      return Path.of(PlanOfflineTest.class.getResource("/payloads/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code baton plan --event-name EVENT --event-path PAYLOAD OPTIONS...}, run by {@code cli}. */
  static CliRunner.Outcome plan(CliRunner cli, String event, Path payload, String... options) {
    List<String> args =
        new ArrayList<>(List.of("plan", "--event-name", event, "--event-path", payload.toString()));
    args.addAll(List.of(options));
    return cli.run(args.toArray(String[]::new));
  }

  static JsonNode plan(String event, String payload) throws Exception {
    CliRunner.Outcome o =
        plan(
            CliRunner.in(dir).env(Map.of("GITHUB_SHA", GITHUB_SHA)),
            event,
            payload(payload),
            "--json",
            "--offline");
    assertThat(o.exit()).as(o.err()).isZero();
    return JSON.readTree(o.out());
  }

  /**
   * A payload file larger than any webhook GitHub delivers is refused, naming the limit, with exit
   * status 1. (That the size is checked before the file is read is {@code Payload.read}'s, and
   * tested with it.)
   *
   * @throws Exception if the file cannot be made
   */
  @org.junit.jupiter.api.Test
  void plan_whenPayloadFileIsOverTheLimit_isRefusedNamingTheLimit() throws Exception {
    Path huge = dir.resolve("huge-payload.json");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(26L << 20);
    }
    CliRunner.Outcome o =
        plan(
            CliRunner.in(dir).env(Map.of("GITHUB_SHA", GITHUB_SHA)),
            "push",
            huge,
            "--json",
            "--offline");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("25 MiB");
  }

  /** Each action as "type environment[#instance]" plus, for tags, the tag. */
  static List<String> steps(JsonNode plan) {
    List<String> out = new ArrayList<>();
    for (JsonNode a : plan.get("actions")) {
      String where =
          a.get("environment").isNull()
              ? ""
              : " "
                  + a.get("environment").asText()
                  + (a.get("instance").isNull() ? "" : "#" + a.get("instance").asText());
      String tag = a.get("tag").isNull() ? "" : " " + a.get("tag").asText();
      out.add(a.get("type").asText() + where + tag);
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      pull_request | pull_request.opened.labeled-bug.json | deploy preview#2
      pull_request | pull_request.labeled.json            | deploy preview#2
      pull_request | pull_request.synchronize.json        | deploy preview#2
      pull_request | pull_request.unlabeled.json          | destroy preview#2
      pull_request | pull_request.closed.json             | destroy preview#2
      push         | push.branch.json                     | deploy dev; tag dev latest; draft-release dev
      release      | release.published.json               | tag 0.0.1; deploy staging; await-approval prod; deploy prod
      """)
  void plan_forEachTableCase_listsTheSteps(String event, String payload, String expected)
      throws Exception {
    JsonNode plan = plan(event, payload);
    assertThat(plan.get("event").asText()).isEqualTo(event);
    assertThat(plan.get("reason").asText()).isNotBlank();
    assertThat(steps(plan)).containsExactly(expected.split("; "));
    for (JsonNode a : plan.get("actions")) {
      assertThat(a.get("reason").asText()).isNotBlank();
      // Offline: nothing was resolved, so no digest.
      assertThat(a.get("digest").isNull()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      pull_request | pull_request.opened.json   | has no "bug" label
      pull_request | pull_request.assigned.json | "assigned" does not deploy
      push         | push.tag.json              | is not a branch
      push         | push.deleted.json          | was deleted
      release      | release.created.json       | only "published" does
      release      | release.prereleased.json   | only "published" does
      issues       | issues.opened.json         | starts no deployment
      """)
  void plan_whenNothingApplies_saysWhy(String event, String payload, String why) throws Exception {
    JsonNode plan = plan(event, payload);
    assertThat(plan.get("actions")).isEmpty();
    assertThat(plan.get("reason").asText()).contains(why);
  }

  @Test
  void pullRequestDeploy_carriesPrNumber_andBuildsGithubSha() throws Exception {
    JsonNode a = plan("pull_request", "pull_request.labeled.json").get("actions").get(0);
    assertThat(a.get("stack").asText()).isEqualTo("preview");
    assertThat(a.get("variables").get("PR_NUMBER").asText()).isEqualTo("2");
    assertThat(a.get("commit").asText()).isEqualTo(GITHUB_SHA);
    assertThat(a.get("image").asText()).isEqualTo("ghcr.io/octocat/hello-world:sha-" + GITHUB_SHA);
  }

  @Test
  void push_deploysThePushedCommit_notGithubSha() throws Exception {
    JsonNode a = plan("push", "push.branch.json").get("actions").get(0);
    assertThat(a.get("commit").asText()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
  }

  @Test
  void release_deploysTheReleaseTag_toStagingAndProd() throws Exception {
    JsonNode actions = plan("release", "release.published.json").get("actions");
    assertThat(actions.get(1).get("image").asText()).endsWith(":0.0.1");
    assertThat(actions.get(3).get("image").asText()).endsWith(":0.0.1");
  }

  @Test
  void defaultLabel_doesNotDeployTheExamplesBugLabel() throws Exception {
    Path other = Files.createTempDirectory(dir, "defaults");
    CliRunner.Outcome o =
        plan(
            CliRunner.in(other)
                .env(Map.of("GITHUB_SHA", GITHUB_SHA, "GITHUB_REPOSITORY", "Octocat/Hello-World")),
            "pull_request",
            payload("pull_request.labeled.json"),
            "--json",
            "--offline");
    assertThat(o.exit()).as(o.err()).isZero();
    JsonNode plan = JSON.readTree(o.out());
    assertThat(plan.get("actions")).isEmpty();
    assertThat(plan.get("reason").asText()).contains("not \"deploy\"");
  }

  @Test
  void textPlan_listsNumberedSteps() {
    CliRunner.Outcome o = plan(CliRunner.in(dir), "push", payload("push.branch.json"), "--offline");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("1. deploy dev")
        .contains("(digest unresolved)")
        .contains("3. draft-release");
  }

  @Test
  void releaseWithoutGithubSha_offline_failsWithHint() {
    CliRunner.Outcome o =
        plan(CliRunner.in(dir), "release", payload("release.published.json"), "--offline");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("0.0.1")
        .contains("hint: run without --offline")
        .doesNotContain("releaseSource(");
  }

  @Test
  void onlinePlan_withoutGitHubRepository_failsWithHint_notPretending() {
    CliRunner.Outcome o =
        plan(
            CliRunner.in(dir).env(Map.of("GITHUB_SHA", GITHUB_SHA)),
            "push",
            payload("push.branch.json"));
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("error:").contains("hint:");
  }
}
