package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.ConfigurationException;
import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.StackName;
import dev.baton.Tag;
import dev.baton.aws.fake.FakeEcs;
import dev.baton.aws.fake.FakeEcs.ServiceState;
import dev.baton.aws.fake.TestImages;
import dev.baton.aws.internal.AwsHints;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import dev.baton.spi.VerificationResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EcsDeploymentVerifier} with the real EcsClient against the in-test ECS endpoint, the
 * service moved along a scripted rollout. Polls are 5 ms apart so that the suite stays fast.
 */
class EcsDeploymentVerifierTest extends EcsTestCase {
  static final String CLUSTER = "plat-ue2-staging";
  static final String OLD = "ecs-svc/9223370564341623665";
  static final String NEW = "ecs-svc/9223370564342348388";
  static final Digest PROMOTED = Digest.sha256("promoted".getBytes(StandardCharsets.UTF_8));
  static final Digest PREVIOUS = Digest.sha256("previous".getBytes(StandardCharsets.UTF_8));
  static final String CIRCUIT_BREAKER_FAILED =
      "ECS deployment circuit breaker: tasks failed to start.";

  private EcsDeploymentVerifier verifier;
  private ServiceState service;

  @BeforeEach
  void start() {
    verifier = fastVerifier(CLUSTER);
    service = runningPrevious(ecs).event("has reached a steady state.");
  }

  /** The service before the deploy: deployment {@link #OLD} completed, two tasks on PREVIOUS. */
  static ServiceState runningPrevious(FakeEcs ecs) {
    return ecs.service(CLUSTER, SERVICE)
        .deployment(OLD, "PRIMARY", "COMPLETED", "ECS deployment " + OLD + " completed.", 2, 2)
        .runningTask(OLD, PREVIOUS.toString())
        .runningTask(OLD, PREVIOUS.toString());
  }

  @AfterEach
  void stop() {
    verifier.close();
  }

  static VerificationRequest request(StackOutputs outputs, Duration timeout) {
    return new VerificationRequest(
        DeploymentTarget.of(EnvironmentName.parse("staging")),
        StackName.parse("staging"),
        ImageReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.2.3@" + PROMOTED),
        outputs,
        timeout);
  }

  static VerificationRequest request() {
    return request(StackOutputs.none(), Duration.ofSeconds(20));
  }

  /** What {@code verifier} throws verifying {@link #request()}; fails when it throws nothing. */
  static DeploymentFailedException failure(EcsDeploymentVerifier verifier) {
    DeploymentFailedException e =
        catchThrowableOfType(DeploymentFailedException.class, () -> verifier.verify(request()));
    assertThat(e).as("a DeploymentFailedException").isNotNull();
    return e;
  }

  /** The new deployment starts as ECS starts one: PRIMARY, IN_PROGRESS, old one ACTIVE. */
  static Consumer<ServiceState> newDeploymentStarts() {
    return s ->
        s.deployment(NEW, "PRIMARY", "IN_PROGRESS", "ECS deployment " + NEW + " in progress.", 2, 0)
            .deployment(OLD, "ACTIVE", "COMPLETED", "ECS deployment " + OLD + " completed.", 0, 2)
            .event("has started 2 tasks: (task 0cc43cdb) (task 6b809ef6).");
  }

  static Consumer<ServiceState> newDeploymentCompletes() {
    return s ->
        s.runningTask(NEW, PROMOTED.toString())
            .runningTask(NEW, PROMOTED.toString())
            .stopTasksOf(OLD)
            .dropDeployment(OLD)
            .deployment(NEW, "PRIMARY", "COMPLETED", "ECS deployment " + NEW + " completed.", 2, 2)
            .event("has reached a steady state.");
  }

  @Test
  void verify_whenRolloutCompletesAndTasksRunDigest_isHealthy() {
    ecs.timeline(service, newDeploymentStarts(), s -> {}, newDeploymentCompletes());

    VerificationResult result = verifier.verify(request());

    assertThat(result.outcome()).isEqualTo(Outcome.HEALTHY);
    assertThat(result.detail()).contains(NEW).contains("2 of 2").contains(PROMOTED.toString());
    assertThat(ecs.calls("DescribeServices")).hasSize(3);
    assertThat(ecs.calls("DescribeServices").get(0).body().path("cluster").asText())
        .isEqualTo(CLUSTER);
  }

  // ---- multi-platform images ----------------------------------------------------------------

  /** A registry that holds one index, with its bytes, as EcrImageRegistry resolves it. */
  private static ImageRegistry holding(TestImages.Image index) {
    return new ImageRegistry() {
      @Override
      public Optional<ResolvedImage> resolve(ImageReference reference) {
        return Optional.of(
            ResolvedImage.of(reference, index.digest(), index.mediaType(), List.of())
                .withManifest(index.manifest().getBytes(StandardCharsets.UTF_8)));
      }

      @Override
      public TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
        throw new UnsupportedOperationException("read only");
      }
    };
  }

  /**
   * Verifies {@code index}, with a registry holding it or none, after a rollout whose two tasks, on
   * x86_64 and arm64, report {@code amd64Task} and {@code arm64Task}.
   */
  private VerificationResult verifyIndex(
      TestImages.Image index, boolean withRegistry, String amd64Task, String arm64Task) {
    ecs.timeline(
        service,
        newDeploymentStarts(),
        s ->
            s.runningTask(NEW, amd64Task, "x86_64")
                .runningTask(NEW, arm64Task, "arm64")
                .stopTasksOf(OLD)
                .dropDeployment(OLD)
                .deployment(NEW, "PRIMARY", "COMPLETED", "ECS deployment completed.", 2, 2));
    EcsDeploymentVerifier.Builder builder =
        EcsDeploymentVerifier.builder()
            .client(client)
            .cluster(CLUSTER)
            .service(SERVICE)
            .pollInterval(Duration.ofMillis(5));
    if (withRegistry) {
      builder.imageRegistry(holding(index));
    }
    try (EcsDeploymentVerifier multiArch = builder.build()) {
      return multiArch.verify(
          new VerificationRequest(
              DeploymentTarget.of(EnvironmentName.parse("staging")),
              StackName.parse("staging"),
              ImageReference.parse(
                  "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.2.3@" + index.digest()),
              StackOutputs.none(),
              Duration.ofSeconds(20)));
    }
  }

  @Test
  void verify_index_whenTasksReportTheIndexDigest_isHealthy() {
    TestImages.Image index = TestImages.ociIndex();
    String digest = index.digest().toString();

    assertThat(verifyIndex(index, true, digest, digest).outcome()).isEqualTo(Outcome.HEALTHY);
  }

  @Test
  void verify_index_whenTasksReportTheEntryOfTheirPlatform_isHealthy() {
    TestImages.Image index = TestImages.ociIndexWithAttestations();
    String amd64 = index.children().get(0).digest().toString();
    String arm64 = index.children().get(1).digest().toString();

    VerificationResult result = verifyIndex(index, true, amd64, arm64);

    assertThat(result.outcome()).isEqualTo(Outcome.HEALTHY);
    assertThat(result.detail()).contains("2 of 2");
  }

  @Test
  void verify_index_whenTaskReportsTheEntryOfAnotherPlatform_isUnhealthy() {
    TestImages.Image index = TestImages.ociIndex();
    String arm64 = index.children().get(1).digest().toString();

    VerificationResult result = verifyIndex(index, true, arm64, arm64);

    assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
    assertThat(result.detail()).contains("1 of 2").contains(arm64);
  }

  @Test
  void verify_index_whenTaskReportsAnAttestationOrForeignDigest_isUnhealthy() {
    TestImages.Image index = TestImages.ociIndexWithAttestations();
    String attestation = index.children().get(2).digest().toString();

    VerificationResult result = verifyIndex(index, true, attestation, PREVIOUS.toString());

    assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
    assertThat(result.detail())
        .contains("2 of 2")
        .contains(attestation)
        .contains(PREVIOUS.toString());
  }

  @Test
  void verify_index_withoutRegistry_countsOnlyTheIndexDigest() {
    TestImages.Image index = TestImages.ociIndex();
    String amd64 = index.children().get(0).digest().toString();
    String arm64 = index.children().get(1).digest().toString();

    assertThat(verifyIndex(index, false, amd64, arm64).outcome()).isEqualTo(Outcome.UNHEALTHY);
  }

  @Test
  void verify_whenTaskDigestNotReportedYet_waitsForIt() {
    ecs.timeline(
        service,
        newDeploymentStarts()
            .andThen(
                s ->
                    s.runningTask(NEW, null)
                        .stopTasksOf(OLD)
                        .dropDeployment(OLD)
                        .deployment(
                            NEW, "PRIMARY", "COMPLETED", "ECS deployment completed.", 1, 1)),
        s -> s.stopTasksOf(NEW).runningTask(NEW, PROMOTED.toString()));

    assertThat(verifier.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);
    assertThat(ecs.calls("DescribeServices")).hasSize(2);
  }

  @Test
  void verify_pausesAJitteredPollIntervalOnTheInjectedSleeper() {
    ecs.timeline(service, newDeploymentStarts(), s -> {}, newDeploymentCompletes());
    List<Duration> pauses = new java.util.ArrayList<>();
    try (EcsDeploymentVerifier recorded =
        EcsDeploymentVerifier.builder()
            .client(client)
            .cluster(CLUSTER)
            .service(SERVICE)
            .pollInterval(Duration.ofSeconds(10))
            .build(new dev.baton.internal.retry.Waits(pauses::add, max -> 0))) {
      assertThat(recorded.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);
    }
    assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void verify_readsClusterAndServiceFromStackOutputs() {
    ecs.timeline(service, newDeploymentStarts(), newDeploymentCompletes());
    try (EcsDeploymentVerifier fromOutputs =
        EcsDeploymentVerifier.builder().client(client).pollInterval(Duration.ofMillis(5)).build()) {
      StackOutputs outputs =
          new StackOutputs(
              Map.of(
                  "ecs_cluster_arn",
                  "arn:aws:ecs:us-east-1:" + FakeEcs.ACCOUNT + ":cluster/" + CLUSTER,
                  "ecs_service_name",
                  SERVICE,
                  "url",
                  "https://staging.example.com"));

      assertThat(fromOutputs.verify(request(outputs, Duration.ofSeconds(20))).outcome())
          .isEqualTo(Outcome.HEALTHY);
    }
  }

  @Test
  void verify_whenOutputsLackTheService_throwsConfigurationNamingOutputNames() {
    try (EcsDeploymentVerifier fromOutputs =
        EcsDeploymentVerifier.builder().client(client).build()) {
      StackOutputs outputs = new StackOutputs(Map.of("ecs_cluster_name", CLUSTER, "url", "x"));

      assertThatThrownBy(() -> fromOutputs.verify(request(outputs, Duration.ofSeconds(1))))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("ecs_service_name")
          .hasMessageContaining("outputs present: ")
          .hasMessageContaining("url");
      assertThat(ecs.calls()).isEmpty();
    }
  }

  @Test
  void verify_whenImageNotPinned_throwsConfiguration() {
    VerificationRequest unpinned =
        new VerificationRequest(
            DeploymentTarget.of(EnvironmentName.parse("staging")),
            StackName.parse("staging"),
            ImageReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.2.3"),
            StackOutputs.none(),
            Duration.ofSeconds(1));

    assertThatThrownBy(() -> verifier.verify(unpinned))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not pinned");
  }

  @Test
  void verify_whenPrimaryRolloutFailed_throwsWithEventsAndStoppedTaskReasons() {
    ecs.timeline(
        service,
        newDeploymentStarts(),
        s ->
            s.stoppedTask(NEW, "TaskFailedToStart", "Essential container in task exited", 1)
                .failedTasks(NEW, 3)
                .deployment(NEW, "PRIMARY", "FAILED", CIRCUIT_BREAKER_FAILED, 2, 0)
                .event("(deployment " + NEW + ") deployment failed: tasks failed to start."));

    DeploymentFailedException e = failure(verifier);

    assertThat(e.getMessage())
        .contains("staging")
        .contains(NEW)
        .contains("FAILED")
        .contains(CIRCUIT_BREAKER_FAILED);
    assertThat(e.outputTail())
        .anyMatch(l -> l.contains("deployment failed: tasks failed to start"));
    assertThat(e.outputTail())
        .anyMatch(
            l ->
                l.contains("TaskFailedToStart")
                    && l.contains("Essential container in task exited")
                    && l.contains("exit 1"));
    assertThat(e.hint()).isEqualTo(AwsHints.ECS_ROLLOUT);
  }

  @Test
  void verify_whenCircuitBreakerRollsBack_throwsDeploymentFailed() {
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.serviceDeployment("sd-new", "IN_PROGRESS", null)),
        s ->
            s.serviceDeployment("sd-new", "ROLLBACK_IN_PROGRESS", null)
                .rollback("sd-new", CIRCUIT_BREAKER_FAILED, "1485800978477494677")
                .deployment(NEW, "ACTIVE", "FAILED", CIRCUIT_BREAKER_FAILED, 0, 0)
                .deployment(
                    "ecs-svc/9223370564343000923",
                    "PRIMARY",
                    "IN_PROGRESS",
                    "ECS deployment circuit breaker: rolling back to deploymentId " + OLD + ".",
                    2,
                    2)
                .event("(deployment " + NEW + ") deployment failed: tasks failed to start.")
                .event("rolling back to deployment " + OLD + "."));

    DeploymentFailedException e = failure(verifier);

    assertThat(e.getMessage())
        .contains("sd-new")
        .contains("ROLLBACK_IN_PROGRESS")
        .contains("1485800978477494677")
        .contains(CIRCUIT_BREAKER_FAILED);
    assertThat(e.outputTail()).anyMatch(l -> l.contains("rolling back to deployment"));
  }

  /**
   * After a rollback has completed, the service looks stable (one deployment, running = desired),
   * which is all the SDK's servicesStable waiter checks; the verifier looks at the digest.
   */
  @Test
  void verify_afterRollbackCompleted_failsWhereServicesStableSucceeds() {
    service
        .serviceDeployment("sd-new", "ROLLBACK_SUCCESSFUL", null)
        .rollback("sd-new", CIRCUIT_BREAKER_FAILED, "1485800978477494677")
        .event("(deployment " + NEW + ") deployment failed: tasks failed to start.")
        .event("rolling back to deployment " + OLD + ".")
        .event("has reached a steady state.");

    var waiter =
        software.amazon.awssdk.services.ecs.waiters.EcsWaiter.builder()
            .client(client)
            .overrideConfiguration(o -> o.maxAttempts(1))
            .build();
    assertThat(
            waiter
                .waitUntilServicesStable(b -> b.cluster(CLUSTER).services(SERVICE))
                .matched()
                .response())
        .isPresent();

    DeploymentFailedException e = failure(verifier);
    assertThat(e.getMessage()).contains("ROLLBACK_SUCCESSFUL").contains("rolled it back");
  }

  @Test
  void verify_whenOlderFailedDeploymentStillListed_andOursCompletes_isHealthy() {
    String older = "ecs-svc/9223370564300000001";
    service.deployment(older, "ACTIVE", "FAILED", CIRCUIT_BREAKER_FAILED, 0, 0);
    ecs.timeline(service, newDeploymentStarts(), newDeploymentCompletes());

    assertThat(verifier.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);
  }

  @Test
  void verify_whenRolledBackWithoutRollbackReason_failsOnTheFailedDeploymentAndDigest() {
    ecs.timeline(
        service,
        newDeploymentStarts(),
        s ->
            s.stoppedTask(
                    NEW, "TaskFailedToStart", "CannotPullContainerError: pull access denied", 1)
                .deployment(NEW, "ACTIVE", "FAILED", CIRCUIT_BREAKER_FAILED, 0, 0)
                .deployment(
                    OLD, "PRIMARY", "COMPLETED", "ECS deployment " + OLD + " completed.", 2, 2));

    DeploymentFailedException e = failure(verifier);

    assertThat(e.getMessage()).contains("rolled back").contains(PREVIOUS.toString());
    assertThat(e.outputTail()).anyMatch(l -> l.contains("CannotPullContainerError"));
  }

  @Test
  void verify_whenCompletedWithAnotherDigestAndNoRollback_isUnhealthy() {
    VerificationResult result = verifier.verify(request());

    assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
    assertThat(result.passed()).isFalse();
    assertThat(result.detail()).contains(PREVIOUS.toString()).contains("not " + PROMOTED);
  }

  @Test
  void verify_whenDesiredCountZero_isSkipped() {
    service.stopTasksOf(OLD).deployment(OLD, "PRIMARY", "COMPLETED", "completed", 0, 0);

    VerificationResult result = verifier.verify(request());

    assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(result.detail()).contains("desired count 0");
  }

  @Test
  void verify_whenServiceDraining_throwsDeploymentFailed() {
    service.status("DRAINING");

    assertThatThrownBy(() -> verifier.verify(request()))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("DRAINING");
  }
}
