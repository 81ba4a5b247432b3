package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.Secret;
import dev.baton.StaleWriteException;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.internal.LedgerCodec;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link GitHubDeploymentLedger} writes to GitHub, beyond the ledger contract. */
class GitHubDeploymentLedgerTest {
  static final Secret TOKEN = Secret.of("ghs_ledgerTOKEN0123456789");
  static final CommitSha COMMIT = CommitSha.parse("3f786850e387550fdab836ed7e6dc881de23001b");
  static final ImageReference IMAGE = build(COMMIT, "ab");
  static final EnvironmentName PREVIEW = EnvironmentName.parse("preview");
  static final EnvironmentName PROD = EnvironmentName.parse("prod");
  static final EnvironmentName DEV = EnvironmentName.parse("dev");
  static final ObjectMapper JSON = new ObjectMapper();
  static final CommitSha OTHER = CommitSha.parse("4e07408562bedb8b60ce05c1decfe3ad16b72230");
  static final ImageReference OTHER_IMAGE = build(OTHER, "cd");

  /** The commit's build in the reference workflow's ECR repository, digest {@code hex} x 32. */
  static ImageReference build(CommitSha commit, String hex) {
    return ImageReference.parse(
        "444444444444.dkr.ecr.us-east-1.amazonaws.com/cloudposse-examples/atmos-native-ci:sha-"
            + commit
            + "@sha256:"
            + hex.repeat(32));
  }

  final FakeGitHub github = FakeGitHub.start("acme/shop", TOKEN);

  @AfterEach
  void stop() {
    github.close();
  }

  GitHubDeploymentLedger ledger() {
    GitHubConnection c =
        new GitHubConnection.Builder(
                "acme/shop",
                RuntimeEnvironment.of(
                    Map.of(
                        "GITHUB_SERVER_URL",
                        "https://github.com",
                        "GITHUB_REPOSITORY",
                        "acme/shop",
                        "GITHUB_RUN_ID",
                        "1658821493")))
            .apiUrl(github.apiUrl())
            .token(TOKEN)
            .build();
    return GitHubDeploymentLedger.builder(c).environments(SeedTables.prodAsProduction()).build();
  }

  @Test
  void begin_perPullRequest_createsTransientDeploymentWithImageInPayload() {
    DeploymentTarget pr = DeploymentTarget.pullRequest(PREVIEW, 42);

    DeploymentRecord d =
        ledger().begin(new DeploymentStart(pr, COMMIT, IMAGE, Map.of("PR_NUMBER", "42")));

    JsonNode created = github.deployments().get(0);
    assertThat(created.get("id").asText()).isEqualTo(d.id());
    assertThat(created.get("ref").asText()).isEqualTo(COMMIT.value());
    assertThat(created.get("environment").asText()).isEqualTo("preview");
    assertThat(created.get("transient_environment").asBoolean()).isTrue();
    assertThat(created.get("production_environment").asBoolean()).isFalse();
    JsonNode baton = created.get("payload").get("baton");
    assertThat(baton.get("image").asText()).isEqualTo(IMAGE.toString());
    assertThat(baton.get("digest").asText()).isEqualTo("sha256:" + "ab".repeat(32));
    assertThat(baton.get("instance").asText()).isEqualTo("42");
    assertThat(baton.get("variables").get("PR_NUMBER").asText()).isEqualTo("42");
    JsonNode status = github.deploymentStatuses(created.get("id").asLong()).get(0);
    assertThat(status.get("state").asText()).isEqualTo("in_progress");
    assertThat(status.get("log_url").asText())
        .isEqualTo("https://github.com/acme/shop/actions/runs/1658821493");
  }

  @Test
  void begin_prod_isProductionUnderItsGitHubEnvironmentName() {
    DeploymentRecord d = ledger().begin(start(DeploymentTarget.of(PROD)));

    JsonNode created = github.deployments().get(0);
    assertThat(created.get("environment").asText()).isEqualTo("production");
    assertThat(created.get("production_environment").asBoolean()).isTrue();
    assertThat(created.get("transient_environment").asBoolean()).isFalse();
    assertThat(ledger().history(PROD)).extracting(DeploymentRecord::id).containsExactly(d.id());
  }

  @Test
  void finish_success_writesEnvironmentAndLogUrlWithoutGitHubsAutoInactive() {
    GitHubDeploymentLedger ledger = ledger();
    DeploymentRecord d = ledger.begin(start(DeploymentTarget.of(PROD)));

    ledger.finish(d, DeploymentState.SUCCESS, "https://shop.example.com");

    JsonNode status = github.deploymentStatuses(Long.parseLong(d.id())).get(0);
    assertThat(status.get("state").asText()).isEqualTo("success");
    assertThat(status.get("environment_url").asText()).isEqualTo("https://shop.example.com");
    assertThat(status.get("log_url").asText()).endsWith("/actions/runs/1658821493");
    String body =
        github.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().endsWith("/statuses"))
            .reduce((a, b) -> b)
            .orElseThrow()
            .body();
    assertThat(body).contains("\"auto_inactive\":false");
  }

  @Test
  void finish_successInDev_letsGitHubMarkTheEarlierSuccessInactive() {
    GitHubDeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord first = succeed(ledger, dev, COMMIT, IMAGE);
    DeploymentRecord second = ledger.begin(new DeploymentStart(dev, OTHER, OTHER_IMAGE, Map.of()));
    int mark = github.requests().size();

    ledger.finish(second, DeploymentState.SUCCESS, "");

    List<String> posts =
        github.requests().subList(mark, github.requests().size()).stream()
            .filter(r -> r.method().equals("POST"))
            .map(r -> r.path() + " " + r.body())
            .toList();
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0))
        .contains("/deployments/" + second.id() + "/statuses")
        .contains("\"auto_inactive\":true");
    assertThat(newestState(first)).isEqualTo("inactive");
  }

  /** Records a successful deployment of the commit's image to the target. */
  static DeploymentRecord succeed(
      GitHubDeploymentLedger ledger,
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image) {
    return ledger.finish(
        ledger.begin(new DeploymentStart(target, commit, image, Map.of())),
        DeploymentState.SUCCESS,
        "");
  }

  /** {@return the state of the deployment's newest status on GitHub} */
  String newestState(DeploymentRecord deployment) {
    return github.deploymentStatuses(Long.parseLong(deployment.id())).get(0).get("state").asText();
  }

  /** The start of a deployment of {@link #COMMIT}'s {@link #IMAGE} to the target, no variables. */
  private static DeploymentStart start(DeploymentTarget target) {
    return new DeploymentStart(target, COMMIT, IMAGE, Map.of());
  }

  /**
   * Seeds {@code count} earlier deployments of the target, each superseded since, then records a
   * successful deployment of the commit's image on top of them.
   *
   * @return the running deployment
   */
  private DeploymentRecord runningAfterSuperseded(
      GitHubDeploymentLedger ledger,
      DeploymentTarget target,
      String githubEnvironment,
      int count,
      CommitSha commit,
      ImageReference image) {
    for (int i = 0; i < count; i++) {
      github.seedDeployment(
          githubEnvironment,
          "deploy",
          COMMIT.value(),
          JSON.valueToTree(LedgerCodec.payload(target, COMMIT, IMAGE, Map.of())),
          false,
          target.environment().equals(PROD),
          "in_progress",
          "success",
          "inactive");
    }
    return succeed(ledger, target, commit, image);
  }

  @Test
  void finish_successInProd_marksOnlyTheSuccessItReplacesInactive_withoutReadingTheHistory() {
    GitHubDeploymentLedger ledger = ledger();
    DeploymentTarget prod = DeploymentTarget.of(PROD);
    DeploymentRecord running =
        runningAfterSuperseded(ledger, prod, "production", 250, COMMIT, IMAGE);
    int mark = github.requests().size();

    DeploymentRecord next = ledger.begin(new DeploymentStart(prod, OTHER, OTHER_IMAGE, Map.of()));
    ledger.finish(next, DeploymentState.SUCCESS, "https://shop.example.com");

    assertThat(github.requestCounts(mark))
        .containsEntry("POST deployments", 1)
        .containsEntry("POST deployment statuses", 3)
        .doesNotContainKey("GET deployment statuses");
    assertThat(newestState(running)).isEqualTo("inactive");
    assertThat(ledger.current(prod)).map(DeploymentRecord::id).contains(next.id());
  }

  @Test
  void current_withALongHistory_readsOnePageAndOneStatus() {
    GitHubDeploymentLedger writer = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord running = runningAfterSuperseded(writer, dev, "dev", 500, OTHER, OTHER_IMAGE);
    int mark = github.requests().size();

    assertThat(ledger().current(dev)).map(DeploymentRecord::id).contains(running.id());

    assertThat(github.requestCounts(mark))
        .containsExactly(Map.entry("GET deployments", 1), Map.entry("GET deployment statuses", 1));
  }

  @Test
  void begin_whenTheTargetRunsTheSameAlready_reusesItsDeployment_andAFailureGetsItsOwn() {
    GitHubDeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord running = succeed(ledger, dev, COMMIT, IMAGE);

    Fence fence = Fence.of(1, ledger.current(dev));
    DeploymentRecord again = ledger.begin(start(dev), fence);
    ledger.finish(again, DeploymentState.SUCCESS, "https://dev.example.com", fence);

    assertThat(again.id()).isEqualTo(running.id());
    assertThat(github.deployments()).hasSize(1);
    assertThat(ledger.current(dev)).map(DeploymentRecord::url).contains("https://dev.example.com");

    Fence next = Fence.of(2, ledger.current(dev));
    DeploymentRecord failing = ledger.begin(start(dev), next);
    DeploymentRecord failed = ledger.finish(failing, DeploymentState.FAILURE, "");

    assertThat(failed.id()).isNotEqualTo(running.id());
    assertThat(failed.state()).isEqualTo(DeploymentState.FAILURE);
    assertThat(github.deployments()).hasSize(2);
    assertThat(ledger().current(dev)).map(DeploymentRecord::id).contains(running.id());
  }

  @Test
  void finish_ofAReusedDeploymentRefusedByItsFence_leavesTheRunningDeploymentCurrent() {
    GitHubDeploymentLedger ledger = ledger();
    GitHubDeploymentLedger otherMachine = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord running = succeed(ledger, dev, COMMIT, IMAGE);
    Fence fence = Fence.of(1, ledger.current(dev));
    DeploymentRecord again = ledger.begin(start(dev), fence);
    DeploymentRecord newer = succeed(otherMachine, dev, OTHER, OTHER_IMAGE);

    assertThatThrownBy(() -> ledger.finish(again, DeploymentState.SUCCESS, "", fence))
        .isInstanceOf(StaleWriteException.class);
    DeploymentRecord failed = ledger.finish(again, DeploymentState.FAILURE, "");

    assertThat(failed.id()).isNotIn(running.id(), newer.id());
    assertThat(newestState(running)).isEqualTo("inactive");
    assertThat(ledger().current(dev)).map(DeploymentRecord::id).contains(newer.id());
  }

  @Test
  void finish_onAnInterruptedThread_stillRecordsTheFailureAndKeepsTheInterrupt() {
    GitHubDeploymentLedger ledger = ledger();
    DeploymentRecord d = ledger.begin(start(DeploymentTarget.of(PROD)));

    Thread.currentThread().interrupt(); // a run being cancelled records its failure
    try {
      ledger.finish(d, DeploymentState.FAILURE, "");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }

    JsonNode status = github.deploymentStatuses(Long.parseLong(d.id())).get(0);
    assertThat(status.get("state").asText()).isEqualTo("failure");
  }

  @Test
  void deactivate_destroyedPreview_marksItsDeploymentInactiveOnGitHub() {
    GitHubDeploymentLedger ledger = ledger();
    DeploymentTarget pr = DeploymentTarget.pullRequest(PREVIEW, 42);
    DeploymentRecord d =
        ledger.finish(
            ledger.begin(start(pr)), DeploymentState.SUCCESS, "https://pr-42.example.com");

    ledger.deactivate(pr);

    assertThat(github.deploymentStatuses(Long.parseLong(d.id())))
        .extracting(s -> s.get("state").asText())
        .containsExactly("inactive", "success", "in_progress");
    // The URL is kept from the success, so the history still says where it ran.
    assertThat(ledger.history(PREVIEW).get(0).url()).isEqualTo("https://pr-42.example.com");
  }

  @Test
  void history_skipsDeploymentsGitHubActionsCreatedWithoutBatonPayload() throws Exception {
    // A job with `environment: preview` makes GitHub create a deployment with an empty payload.
    java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    github.apiUrl().resolve("/repos/acme/shop/deployments"))
                .header("Authorization", "Bearer " + TOKEN.reveal())
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"ref\":\"main\",\"environment\":\"preview\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    GitHubDeploymentLedger ledger = ledger();
    DeploymentRecord ours = ledger.begin(start(DeploymentTarget.pullRequest(PREVIEW, 1)));

    assertThat(github.deployments()).hasSize(2);
    assertThat(ledger.history(PREVIEW)).extracting(DeploymentRecord::id).containsExactly(ours.id());
  }

  @Test
  void recordBuild_writesDigestStatusThatAnotherMachineReadsBack() {
    BuildRecord first = ledger().recordBuild(COMMIT, IMAGE);

    JsonNode status = github.commitStatuses(COMMIT.value()).get(0);
    assertThat(status.get("context").asText()).isEqualTo("baton/build");
    assertThat(status.get("state").asText()).isEqualTo("success");
    assertThat(status.get("description").asText()).isEqualTo("sha256:" + "ab".repeat(32));
    assertThat(status.get("target_url").asText())
        .isEqualTo(
            "https://444444444444.dkr.ecr.us-east-1.amazonaws.com/v2/cloudposse-examples/"
                + "atmos-native-ci/manifests/sha256:"
                + "ab".repeat(32)
                + "?tag=sha-"
                + COMMIT);
    // A second ledger instance stands for another machine: it sees the same build.
    assertThat(ledger().build(COMMIT))
        .hasValueSatisfying(
            b -> {
              assertThat(b.image()).isEqualTo(IMAGE);
              assertThat(b.recordedAt()).isEqualTo(first.recordedAt());
            });
  }

  @Test
  void recordBuild_otherMachineWroteFirstMeanwhile_returnsTheFirstWriter() {
    GitHubDeploymentLedger mine = ledger();
    ImageReference theirs = IMAGE.withDigest(dev.baton.Digest.parse("sha256:" + "cd".repeat(32)));
    // The other machine's status lands between this one's read (which saw none) and its write.
    ledger().recordBuild(COMMIT, theirs);
    github.failNext(dev.baton.github.fake.ScriptedServer.json(200, "[]"));

    BuildRecord r = mine.recordBuild(COMMIT, IMAGE);

    assertThat(github.commitStatuses(COMMIT.value())).hasSize(2);
    assertThat(r.image()).isEqualTo(theirs);
    assertThat(mine.build(COMMIT)).hasValueSatisfying(b -> assertThat(b.image()).isEqualTo(theirs));
  }

  @Test
  void finish_withStateOtherThanSuccessOrFailure_isRejected() {
    GitHubDeploymentLedger ledger = ledger();
    DeploymentRecord d = ledger.begin(start(DeploymentTarget.of(PROD)));

    assertThatThrownBy(() -> ledger.finish(d, DeploymentState.INACTIVE, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INACTIVE");
  }

  @Test
  void codec_buildStatusRoundTrips_forEveryRegistryShape() {
    for (String ref :
        List.of(
            "docker.io/library/nginx:1.25@sha256:" + "0".repeat(64),
            "localhost:5000/team/app@sha256:" + "1".repeat(64),
            "ghcr.io/acme/shop:sha-" + COMMIT + "@sha256:" + "2".repeat(64))) {
      ImageReference image = ImageReference.parse(ref);
      assertThat(
              LedgerCodec.readBuild(
                  LedgerCodec.buildUrl(image), image.digest().orElseThrow().toString()))
          .contains(image);
    }
    assertThat(LedgerCodec.readBuild("https://ci.example.com/build/1", "ok")).isEmpty();
  }
}
