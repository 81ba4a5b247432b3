package dev.baton.aws;

import static dev.baton.aws.EcsDeploymentVerifierTest.CIRCUIT_BREAKER_FAILED;
import static dev.baton.aws.EcsDeploymentVerifierTest.CLUSTER;
import static dev.baton.aws.EcsDeploymentVerifierTest.NEW;
import static dev.baton.aws.EcsDeploymentVerifierTest.OLD;
import static dev.baton.aws.EcsDeploymentVerifierTest.failure;
import static dev.baton.aws.EcsDeploymentVerifierTest.newDeploymentCompletes;
import static dev.baton.aws.EcsDeploymentVerifierTest.newDeploymentStarts;
import static dev.baton.aws.EcsDeploymentVerifierTest.request;
import static dev.baton.aws.EcsDeploymentVerifierTest.runningPrevious;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.DeploymentFailedException;
import dev.baton.OperationTimeoutException;
import dev.baton.aws.fake.FakeEcs.ServiceState;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.VerificationResult.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EcsDeploymentVerifier} deciding from the states ECS reports: the service deployment's
 * {@code status} (DescribeServiceDeployments) and the deployments' {@code rolloutState}
 * (DescribeServices), never from the wording of a reason or an event. Each test moves the in-test
 * endpoint through the states AWS documents for one outcome.
 */
class EcsServiceDeploymentStatesTest extends EcsTestCase {
  private static final String SD = "ejGvqq2ilnbKT9qj0vLJe";

  private EcsDeploymentVerifier verifier;
  private ServiceState service;

  @BeforeEach
  void start() {
    verifier = fastVerifier(CLUSTER);
    service = runningPrevious(ecs);
  }

  @AfterEach
  void stop() {
    verifier.close();
  }

  @Test
  void verify_whenServiceDeploymentSucceeds_isHealthy() {
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.serviceDeployment(SD, "PENDING", null)),
        s -> s.serviceDeployment(SD, "IN_PROGRESS", null),
        newDeploymentCompletes().andThen(s -> s.serviceDeployment(SD, "SUCCESSFUL", null)));

    assertThat(verifier.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);
    assertThat(ecs.calls("DescribeServiceDeployments")).hasSize(3);
    assertThat(
            ecs.calls("DescribeServiceDeployments")
                .get(0)
                .body()
                .path("serviceDeploymentArns")
                .get(0)
                .asText())
        .endsWith(":service-deployment/" + CLUSTER + "/" + SERVICE + "/" + SD);
  }

  /** The tasks already run the digest, but ECS has not declared the deployment successful. */
  @Test
  void verify_whileServiceDeploymentInProgress_waitsEvenWhenTasksRunTheDigest() {
    ecs.timeline(
        service,
        newDeploymentCompletes().andThen(s -> s.serviceDeployment(SD, "IN_PROGRESS", null)),
        s -> {},
        s -> s.serviceDeployment(SD, "SUCCESSFUL", null));

    assertThat(verifier.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);
    assertThat(ecs.calls("DescribeServices")).hasSize(3);
  }

  @Test
  void verify_whenRollbackSucceeded_throwsNamingTheStateAndRevision() {
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.serviceDeployment(SD, "IN_PROGRESS", null)),
        s ->
            s.serviceDeployment(SD, "ROLLBACK_SUCCESSFUL", null)
                .rollback(SD, CIRCUIT_BREAKER_FAILED, "1485800978477494677")
                .stoppedTask(NEW, "TaskFailedToStart", "Essential container in task exited", 1)
                .deployment(NEW, "ACTIVE", "FAILED", CIRCUIT_BREAKER_FAILED, 0, 0)
                .deployment(OLD, "PRIMARY", "COMPLETED", "completed", 2, 2));

    DeploymentFailedException e = failure(verifier);

    assertThat(e.getMessage())
        .contains("service deployment " + SD)
        .contains("ROLLBACK_SUCCESSFUL")
        .contains("rolled it back to service revision 1485800978477494677")
        .contains(CIRCUIT_BREAKER_FAILED);
    // The stopped tasks of the FAILED deployment say why it failed.
    assertThat(e.outputTail()).anyMatch(l -> l.contains("Essential container in task exited"));
  }

  @Test
  void verify_whenRollbackFailed_throwsSayingNeitherRevisionMayRun() {
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.serviceDeployment(SD, "IN_PROGRESS", null)),
        s ->
            s.serviceDeployment(SD, "ROLLBACK_FAILED", "Rollback failed.")
                .deployment(NEW, "ACTIVE", "FAILED", CIRCUIT_BREAKER_FAILED, 0, 0));

    DeploymentFailedException e = failure(verifier);

    assertThat(e.getMessage()).contains("ROLLBACK_FAILED").contains("neither revision");
  }

  @Test
  void verify_whenStopped_throwsWithTheStatusReason() {
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.serviceDeployment(SD, "IN_PROGRESS", null)),
        s -> s.serviceDeployment(SD, "STOPPED", "Service deployment stopped by the user."));

    DeploymentFailedException e = failure(verifier);

    assertThat(e.getMessage())
        .contains("STOPPED")
        .contains("stopped before it completed")
        .contains("Service deployment stopped by the user.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"})
  void verify_whenServiceDeploymentIsEnding_failsAtOnce(String status) {
    ecs.timeline(
        service, newDeploymentStarts().andThen(s -> s.serviceDeployment(SD, status, null)));

    assertThat(failure(verifier).getMessage()).contains(status);
    assertThat(ecs.calls("DescribeServices")).hasSize(1);
  }

  @Test
  void verify_whenCircuitBreakerFailsWithoutRollback_throwsOnTheRolloutState() {
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.serviceDeployment(SD, "IN_PROGRESS", null)),
        s -> s.deployment(NEW, "PRIMARY", "FAILED", "tasks failed to start.", 2, 0));

    DeploymentFailedException e = failure(verifier);

    assertThat(e.getMessage()).contains(NEW).contains("FAILED").contains("circuit breaker");
  }

  /**
   * The words ECS uses for a rollback in reasons and events change nothing while the states say
   * success; and a rollback state with unfamiliar wording is still a rollback.
   */
  @Test
  void verify_decidesOnStatesNotOnWording() {
    ecs.timeline(
        service,
        newDeploymentStarts()
            .andThen(
                s ->
                    s.serviceDeployment(SD, "IN_PROGRESS", "rolling back")
                        .event("rolling back to deployment " + OLD + ".")),
        newDeploymentCompletes()
            .andThen(
                s ->
                    s.serviceDeployment(SD, "SUCCESSFUL", "rolled back")
                        .deployment(NEW, "PRIMARY", "COMPLETED", "rolled back", 2, 2)));

    assertThat(verifier.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);

    service.serviceDeployment("other", "ROLLBACK_SUCCESSFUL", "Die Bereitstellung schlug fehl.");
    assertThat(failure(verifier).getMessage()).contains("ROLLBACK_SUCCESSFUL");
  }

  @Test
  void verify_whenDescribeServiceDeploymentsDenied_verifiesFromDescribeServicesAlone() {
    ecs.denyServiceDeployments();
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.serviceDeployment(SD, "IN_PROGRESS", null)),
        newDeploymentCompletes());

    assertThat(verifier.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);
    // Asked once, then no more for this verification.
    assertThat(ecs.calls("DescribeServiceDeployments")).hasSize(1);
  }

  @Test
  void verify_whenServiceDeploymentMissing_verifiesFromDescribeServicesAlone() {
    ecs.timeline(
        service,
        newDeploymentStarts().andThen(s -> s.unknownServiceDeployment(SD)),
        newDeploymentCompletes());

    assertThat(verifier.verify(request()).outcome()).isEqualTo(Outcome.HEALTHY);
  }

  @Test
  void verify_whenServiceDeploymentStaysPending_timesOutNamingIt() {
    ecs.timeline(
        service, newDeploymentCompletes().andThen(s -> s.serviceDeployment(SD, "PENDING", null)));

    OperationTimeoutException e =
        catchThrowableOfType(
            OperationTimeoutException.class,
            () -> verifier.verify(request(StackOutputs.none(), Duration.ofMillis(200))));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("service deployment " + SD + " PENDING");
  }
}
