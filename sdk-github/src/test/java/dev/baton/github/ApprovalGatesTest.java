package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ApprovalMissingException;
import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.OperationCancelledException;
import dev.baton.OperationTimeoutException;
import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalRequest;
import dev.baton.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GitHubApprovalGate} on the fake GitHub, and {@link ProgrammaticApprovalGate}. */
class ApprovalGatesTest {
  static final Secret TOKEN = Secret.of("ghs_gateTOKEN0123456789");
  static final long RUN = 30433642L;
  static final CommitSha COMMIT = CommitSha.parse("3f786850e387550fdab836ed7e6dc881de23001b");
  static final ImageReference IMAGE =
      ImageReference.parse("ghcr.io/acme/shop:1.2.0@sha256:" + "ab".repeat(32));
  static final DeploymentTarget PROD = DeploymentTarget.of(EnvironmentName.parse("prod"));

  final FakeGitHub github = FakeGitHub.start("acme/shop", TOKEN);
  final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
  final List<Duration> sleeps = new ArrayList<>();
  Runnable duringFirstSleep = () -> {};

  @AfterEach
  void stop() {
    github.close();
  }

  GitHubApprovalGate gate() {
    Environments table = SeedTables.prodAsProduction();
    return GitHubApprovalGate.builder(Connections.to(github, TOKEN))
        .runId(RUN)
        .environments(table)
        .pollInterval(Duration.ofSeconds(15))
        .clock(clock)
        .sleeper(
            d -> {
              sleeps.add(d);
              clock.advance(d);
              if (sleeps.size() == 1) {
                duringFirstSleep.run();
              }
            })
        .build();
  }

  static ApprovalRequest request(Duration timeout) {
    return new ApprovalRequest(PROD, COMMIT, IMAGE, "release 1.2.0 after staging", timeout);
  }

  @Test
  void await_reviewerApprovesWhileWaiting_returnsApprovalWithComment() {
    github.pending(RUN, "production");
    duringFirstSleep = () -> github.review(RUN, "approved", "monalisa", "Ship it!", "production");

    ApprovalDecision d = gate().await(request(Duration.ofMinutes(30)));

    assertThat(d).isEqualTo(new ApprovalDecision(true, "monalisa", "Ship it!"));
    assertThat(sleeps).containsExactly(Duration.ofSeconds(15));
  }

  @Test
  void await_severalReviews_prefersAReviewerNotYetCounted() {
    github.pending(RUN, "production");
    github.review(RUN, "approved", "monalisa", "first", "production");
    github.review(RUN, "approved", "hubot", "second", "production");
    ApprovalRequest counted =
        new ApprovalRequest(
            PROD,
            COMMIT,
            IMAGE,
            "release 1.2.0 after staging",
            Duration.ofMinutes(30),
            2,
            List.of("hubot"),
            Set.of());

    assertThat(gate().await(counted)).isEqualTo(new ApprovalDecision(true, "monalisa", "first"));
    assertThat(gate().await(request(Duration.ofMinutes(30))))
        .isEqualTo(new ApprovalDecision(true, "hubot", "second"));
  }

  @Test
  void await_reviewerRejects_returnsRejection() {
    github.pending(RUN, "production");
    duringFirstSleep =
        () -> github.review(RUN, "rejected", "monalisa", "Not on a Friday", "production");

    ApprovalDecision d = gate().await(request(Duration.ofMinutes(30)));

    assertThat(d).isEqualTo(ApprovalDecision.rejectedBy("monalisa", "Not on a Friday"));
  }

  @Test
  void await_reviewOfAnotherEnvironment_doesNotDecide() {
    github.pending(RUN, "production");
    github.review(RUN, "approved", "monalisa", "", "staging");

    assertThatThrownBy(() -> gate().await(request(Duration.ofSeconds(40))))
        .isInstanceOf(OperationTimeoutException.class);
  }

  @Test
  void await_nothingEverPending_throwsApprovalMissingNamingRunAndEnvironment() {
    assertThatThrownBy(() -> gate().await(request(Duration.ofMinutes(30))))
        .isInstanceOf(ApprovalMissingException.class)
        .hasMessageContaining("workflow run " + RUN)
        .hasMessageContaining("\"production\"");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void await_stopsWaitingWithoutReview_throwsApprovalMissing() {
    github.pending(RUN, "production");
    duringFirstSleep = () -> github.pending(RUN);

    assertThatThrownBy(() -> gate().await(request(Duration.ofMinutes(30))))
        .isInstanceOf(ApprovalMissingException.class)
        .hasMessageContaining("stopped waiting without a review");
  }

  @Test
  void await_noReviewBeforeTimeout_throwsTimeoutAfterPollingUpToTheDeadline() {
    github.pending(RUN, "production");

    assertThatThrownBy(() -> gate().await(request(Duration.ofSeconds(40))))
        .isInstanceOfSatisfying(
            OperationTimeoutException.class,
            e -> {
              assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(40));
              assertThat(e.hint()).contains("required reviewer").contains("approvalTimeout");
            });
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(10));
  }

  @Test
  void build_withoutRunId_readsGithubRunIdOrSaysWhatIsMissing() {
    GitHubConnection.Builder c = Connections.builder(github).token(TOKEN);
    GitHubConnection inRun =
        new GitHubConnection.Builder(
                "acme/shop", RuntimeEnvironment.of(Map.of("GITHUB_RUN_ID", "77")))
            .apiUrl(github.apiUrl())
            .token(TOKEN)
            .build();

    assertThat(GitHubApprovalGate.builder(inRun).build().toString()).contains("run 77");
    assertThatThrownBy(() -> GitHubApprovalGate.builder(c.build()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no workflow run");
  }

  // ---- ProgrammaticApprovalGate ---------------------------------------------------------------

  @Test
  void programmatic_approveWhatIsPending_releasesTheWaitingDeploy() throws Exception {
    ProgrammaticApprovalGate gate = new ProgrammaticApprovalGate();
    ApprovalRequest r = request(Duration.ofMinutes(1));
    CompletableFuture<ApprovalDecision> decided =
        CompletableFuture.supplyAsync(() -> gate.await(r));

    ApprovalRequest shown = waitForPending(gate);
    assertThat(shown).isEqualTo(r);
    assertThat(gate.approve(shown, "alice")).isTrue();

    assertThat(decided.get(10, TimeUnit.SECONDS)).isEqualTo(ApprovalDecision.approvedBy("alice"));
    assertThat(gate.pending()).isEmpty();
  }

  @Test
  void programmatic_reject_returnsRejection() throws Exception {
    ProgrammaticApprovalGate gate = new ProgrammaticApprovalGate();
    CompletableFuture<ApprovalDecision> decided =
        CompletableFuture.supplyAsync(() -> gate.await(request(Duration.ofMinutes(1))));

    gate.reject(waitForPending(gate), "bob", "wrong image");

    assertThat(decided.get(10, TimeUnit.SECONDS))
        .isEqualTo(ApprovalDecision.rejectedBy("bob", "wrong image"));
  }

  @Test
  void programmatic_decisionForARequestNotWaiting_isRefused() {
    ProgrammaticApprovalGate gate = new ProgrammaticApprovalGate();

    assertThat(gate.approve(request(Duration.ofMinutes(1)), "alice")).isFalse();
  }

  @Test
  void programmatic_noDecisionInTime_throwsTimeoutAndForgetsTheRequest() {
    ProgrammaticApprovalGate gate = new ProgrammaticApprovalGate();

    assertThatThrownBy(() -> gate.await(request(Duration.ofMillis(50))))
        .isInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("to prod");
    assertThat(gate.pending()).isEmpty();
  }

  @Test
  void programmatic_interrupted_restoresFlagAndThrows() throws Exception {
    ProgrammaticApprovalGate gate = new ProgrammaticApprovalGate();
    CompletableFuture<Boolean> flag = new CompletableFuture<>();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                gate.await(request(Duration.ofMinutes(1)));
              } catch (RuntimeException e) {
                thrown.complete(e);
                flag.complete(Thread.currentThread().isInterrupted());
              }
            });
    t.start();
    waitForPending(gate);
    t.interrupt();

    assertThat(thrown.get(10, TimeUnit.SECONDS))
        .isInstanceOf(OperationCancelledException.class)
        .hasMessageStartingWith("waiting for approval of ")
        .hasMessageEndingWith(" was interrupted");
    assertThat(flag.get(10, TimeUnit.SECONDS)).isTrue();
  }

  private static ApprovalRequest waitForPending(ProgrammaticApprovalGate gate)
      throws InterruptedException {
    for (int i = 0; i < 1000 && gate.pending().isEmpty(); i++) {
      Thread.sleep(5);
    }
    return gate.pending().get(0);
  }
}
