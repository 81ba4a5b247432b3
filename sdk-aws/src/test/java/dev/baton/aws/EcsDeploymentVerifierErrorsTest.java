package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.AccessDeniedException;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.StackName;
import dev.baton.aws.internal.AwsClients;
import dev.baton.aws.internal.AwsHints;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the ECS verifier does when ECS answers with an error, or never settles. */
class EcsDeploymentVerifierErrorsTest extends EcsTestCase {
  private static final String CLUSTER = "plat-ue2-prod";
  private static final String DEPLOYMENT = "ecs-svc/9223370564342348388";
  private static final Digest PROMOTED = Digest.sha256("promoted".getBytes(StandardCharsets.UTF_8));

  private static VerificationRequest request(Duration timeout) {
    return new VerificationRequest(
        DeploymentTarget.of(EnvironmentName.parse("prod")),
        StackName.parse("prod"),
        ImageReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.2.3@" + PROMOTED),
        StackOutputs.none(),
        timeout);
  }

  @Test
  void verify_whenRolloutNeverSettles_throwsTimeoutWithLastState() {
    ecs.service(CLUSTER, SERVICE)
        .deployment(DEPLOYMENT, "PRIMARY", "IN_PROGRESS", "ECS deployment in progress.", 2, 1)
        .failedTasks(DEPLOYMENT, 1)
        .event(
            "was unable to place a task because no container instance met all of its"
                + " requirements.");

    try (EcsDeploymentVerifier verifier = fastVerifier(CLUSTER)) {
      OperationTimeoutException e =
          catchThrowableOfType(
              OperationTimeoutException.class,
              () -> verifier.verify(request(Duration.ofMillis(300))));

      assertThat(e).isNotNull();
      assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
      assertThat(e.getMessage())
          .contains("IN_PROGRESS")
          .contains("running 1/2")
          .contains("failed tasks 1")
          .contains("unable to place a task");
      assertThat(e.isRetryable()).isTrue();
      assertThat(ecs.calls("DescribeServices").size()).isGreaterThan(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"CODE_DEPLOY", "EXTERNAL"})
  void verify_whenServiceUsesTaskSetController_failsAtOnceAsNotSupported(String controller) {
    ecs.service(CLUSTER, SERVICE).deploymentController(controller);

    try (EcsDeploymentVerifier verifier = fastVerifier(CLUSTER)) {
      ProviderException e =
          catchThrowableOfType(
              ProviderException.class, () -> verifier.verify(request(Duration.ofSeconds(20))));

      assertThat(e).isExactlyInstanceOf(ProviderException.class);
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .startsWith("not supported: ECS service " + SERVICE)
          .contains("uses the " + controller + " deployment controller");
      assertThat(e.hint()).contains("HttpHealthVerifier");
      if (controller.equals("CODE_DEPLOY")) {
        assertThat(e.hint()).contains("CodeDeploy");
      }
      assertThat(ecs.calls("DescribeServices")).hasSize(1);
      assertThat(ecs.calls("ListTasks")).isEmpty();
    }
  }

  @Test
  void verify_whenServiceMissing_throwsNotFound() {
    ecs.cluster(CLUSTER);

    try (EcsDeploymentVerifier verifier = fastVerifier(CLUSTER)) {
      NotFoundException e =
          catchThrowableOfType(
              NotFoundException.class, () -> verifier.verify(request(Duration.ofSeconds(5))));

      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .contains("ECS service app in cluster " + CLUSTER)
          .contains("service/" + CLUSTER + "/app");
    }
  }

  @Test
  void verify_whenClusterMissing_throwsNotFound() {
    try (EcsDeploymentVerifier verifier = fastVerifier("no-such-cluster")) {
      NotFoundException e =
          catchThrowableOfType(
              NotFoundException.class, () -> verifier.verify(request(Duration.ofSeconds(5))));

      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("no-such-cluster").contains("ClusterNotFoundException");
    }
  }

  @Test
  void verify_whenAccessDenied_throwsAccessDeniedWithAuthHint() {
    ecs.service(CLUSTER, SERVICE);
    ecs.failNext(
        "DescribeServices",
        400,
        "AccessDeniedException",
        "User: arn:aws:sts::"
            + "123456789012:assumed-role/github-actions/run-1 is not authorized to perform:"
            + " ecs:DescribeServices on resource: arn:aws:ecs:us-east-1:123456789012:service/"
            + CLUSTER
            + "/app");

    try (EcsDeploymentVerifier verifier = fastVerifier(CLUSTER)) {
      AccessDeniedException e =
          catchThrowableOfType(
              AccessDeniedException.class, () -> verifier.verify(request(Duration.ofSeconds(5))));

      assertThat(e).isNotNull();
      assertThat(e.hint()).isEqualTo(AwsHints.AUTH);
      assertThat(e.getMessage()).contains("ecs:DescribeServices");
      assertThat(ecs.calls("DescribeServices")).hasSize(1);
    }
  }

  @Test
  void verify_whenThrottledPastTheSdkRetries_keepsPollingUntilHealthy() {
    ecs.service(CLUSTER, SERVICE)
        .deployment(DEPLOYMENT, "PRIMARY", "COMPLETED", "ECS deployment completed.", 1, 1)
        .runningTask(DEPLOYMENT, PROMOTED.toString());
    for (int i = 0; i < AwsClients.MAX_ATTEMPTS; i++) {
      ecs.failNext("DescribeServices", 400, "ThrottlingException", "Rate exceeded");
    }

    try (EcsDeploymentVerifier verifier = fastVerifier(CLUSTER)) {
      assertThat(verifier.verify(request(Duration.ofSeconds(60))).outcome())
          .isEqualTo(Outcome.HEALTHY);
      assertThat(ecs.calls("DescribeServices")).hasSize(AwsClients.MAX_ATTEMPTS + 1);
    }
  }

  @Test
  void close_leavesTheCallersClientOpen() {
    ecs.service(CLUSTER, SERVICE)
        .deployment(DEPLOYMENT, "PRIMARY", "COMPLETED", "ECS deployment completed.", 1, 1)
        .runningTask(DEPLOYMENT, PROMOTED.toString());
    fastVerifier(CLUSTER).close();

    try (EcsDeploymentVerifier again = fastVerifier(CLUSTER)) {
      assertThat(again.verify(request(Duration.ofSeconds(5))).outcome()).isEqualTo(Outcome.HEALTHY);
    }
  }
}
