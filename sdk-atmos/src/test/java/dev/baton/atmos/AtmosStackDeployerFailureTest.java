package dev.baton.atmos;

import static dev.baton.atmos.testing.AtmosFixture.deployDev;
import static dev.baton.atmos.testing.AtmosFixture.deployPreview;
import static dev.baton.atmos.testing.AtmosFixture.newImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.DeploymentFailedException;
import dev.baton.OperationTimeoutException;
import dev.baton.StackName;
import dev.baton.atmos.internal.FailureHints;
import dev.baton.atmos.testing.AtmosFixture;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failed, hung and refused runs. */
class AtmosStackDeployerFailureTest extends AtmosTestCase {
  @AfterEach
  void killLeftovers() {
    // Only if a test failed half-way: never leave a hung fake behind.
    for (long pid : atmos.hungProcessIds()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void deploy_whenAtmosExitsNonZero_throwsWithTheOutputTail() {
    AtmosStackDeployer deployer = fixture.builder().tailLines(12).build();
    atmos.failNext(
        "deploy",
        "creating ECS Service (shop): InvalidParameterException: The"
            + " container app does not have a port mapping for 8080\n  with"
            + " module.ecs_service.aws_ecs_service.default[0]");

    DeploymentFailedException e =
        catchThrowableOfType(
            DeploymentFailedException.class,
            () -> deployer.deploy(deployPreview(3, newImage()), Progress.NONE));

    assertThat(e)
        .hasMessageContaining("atmos terraform deploy app -s preview failed for preview#3")
        .hasMessageContaining("exit status 1")
        .hasMessageContaining("InvalidParameterException");
    assertThat(e.outputTail())
        .hasSizeLessThanOrEqualTo(12)
        .anySatisfy(l -> assertThat(l).contains("Error: creating ECS Service (shop)"))
        .anySatisfy(l -> assertThat(l).contains("aws_ecs_service.default[0]: Modifying"))
        .noneMatch(l -> l.contains("\u001b"));
    assertThat(e.hint()).isEqualTo(FailureHints.GENERIC);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void deploy_whenCredentialsRefused_hintsAtTheTrustPolicy() {
    AtmosStackDeployer deployer = fixture.builder().build();
    atmos.failNext(
        "deploy",
        "reading ECS Service: operation error ECS: DescribeServices,"
            + " https response error StatusCode: 400, api error AccessDeniedException: User is not"
            + " authorized to perform: ecs:DescribeServices");

    assertThatThrownBy(() -> deployer.deploy(deployDev(newImage()), Progress.NONE))
        .isInstanceOfSatisfying(
            DeploymentFailedException.class,
            e -> assertThat(e.hint()).isEqualTo(FailureHints.AUTH));
  }

  @Test
  void deploy_whenStackNotConfigured_failsWithAtmossOwnError() {
    AtmosStackDeployer deployer = fixture.builder().build();

    DeploymentFailedException e =
        catchThrowableOfType(
            DeploymentFailedException.class,
            () ->
                deployer.deploy(
                    new DeployRequest(
                        AtmosFixture.dev(), StackName.parse("qa"), newImage(), Map.of()),
                    Progress.NONE));

    assertThat(e.hint()).isEqualTo(FailureHints.NOT_CONFIGURED);
    assertThat(e.outputTail())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("could not find config for the component 'app' in the stack 'qa'"));
  }

  @Test
  void deploy_afterAFailure_succeedsOnRetry() {
    AtmosStackDeployer deployer = fixture.builder().build();
    atmos.failNext("deploy", "Error: timeout while waiting for state to become 'ACTIVE'");
    assertThatThrownBy(() -> deployer.deploy(deployDev(newImage()), Progress.NONE))
        .isInstanceOf(DeploymentFailedException.class);

    assertThat(deployer.deploy(deployDev(newImage()), Progress.NONE).outcome())
        .isEqualTo(DeployResult.Outcome.APPLIED);
  }

  @Test
  void deploy_whenAtmosHangs_timeoutStopsTheWholeProcessTree() throws Exception {
    AtmosStackDeployer deployer =
        fixture
            .builder()
            .timeout(Duration.ofSeconds(4))
            .gracePeriod(Duration.ofMillis(600))
            .checkImageVariable(false)
            .build();
    atmos.hangNext("deploy");
    Instant start = Instant.now();

    OperationTimeoutException e =
        catchThrowableOfType(
            OperationTimeoutException.class,
            () -> deployer.deploy(deployDev(newImage()), Progress.NONE));

    assertThat(e)
        .hasMessageContaining("did not finish in time")
        .hasMessageContaining("SIGTERM, then SIGKILL")
        .hasMessageContaining("Acquiring state lock");
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(e.hint()).isEqualTo(FailureHints.TIMEOUT);
    assertThat(e.isRetryable()).isTrue();
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    // The fake atmos and the child it started (which ignores SIGTERM) are both gone.
    List<Long> pids = atmos.hungProcessIds();
    assertThat(pids).hasSize(2);
    assertGone(pids);
  }

  @Test
  void deploy_whenCallerIsInterrupted_stopsTheTreeAndKeepsTheFlag() throws Exception {
    AtmosStackDeployer deployer =
        fixture.builder().gracePeriod(Duration.ofMillis(300)).checkImageVariable(false).build();
    atmos.hangNext("deploy");
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean flag =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                deployer.deploy(deployDev(newImage()), Progress.NONE);
              } catch (RuntimeException e) {
                thrown.set(e);
              }
              flag.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    for (int i = 0; i < 400 && atmos.hungProcessIds().size() < 2; i++) {
      Thread.sleep(25);
    }
    assertThat(atmos.hungProcessIds()).hasSize(2);

    caller.interrupt();
    caller.join(20_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOf(dev.baton.OperationCancelledException.class)
        .hasMessageContaining("was interrupted")
        .hasMessageContaining("SIGKILL");
    assertThat(flag.get()).as("interrupt flag restored").isTrue();
    assertGone(atmos.hungProcessIds());
  }

  /** Each pid has exited (waiting up to 5 s for the kernel to reap it). */
  private static void assertGone(List<Long> pids) throws Exception {
    for (long pid : pids) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent()) {
        try {
          h.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // reported by the assertion below
        }
      }
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .as("pid %d", pid)
          .isNotEqualTo(Optional.of(true));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-s",
        "--help",
        "-auto-approve",
        "dev; rm -rf ~",
        "$(reboot)",
        "`id`",
        "dev\nprod",
        "dev prod",
        "../prod",
        "a/../../b",
        "dev|cat",
        "preview&&id",
        "",
        "dev/",
        "dev//prod",
        "d\u0000ev",
        "dév",
        "dev\r"
      })
  void deploy_whenStackNameIsHostile_isRejectedBeforeAnyProcess(String stack) {
    AtmosStackDeployer deployer = fixture.builder().build();

    assertThatThrownBy(
            () ->
                deployer.deploy(
                    new DeployRequest(
                        AtmosFixture.dev(), StackName.parse(stack), newImage(), Map.of()),
                    Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid stack name");
    assertThat(atmos.invocations()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-x", "--help", "../app", "app/../../etc", "a b", "app;id", "", "app/"})
  void builder_whenComponentIsHostile_isRejected(String component) {
    assertThatThrownBy(() -> fixture.builder().component(component))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid atmos component");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PR NUMBER", "X=Y", "", "1ABC", "A-B", "A;B"})
  void deploy_whenVariableNameIsInvalid_isRejectedBeforeAnyProcess(String name) {
    AtmosStackDeployer deployer = fixture.builder().build();

    assertThatThrownBy(
            () ->
                deployer.deploy(
                    new DeployRequest(
                        AtmosFixture.dev(), AtmosFixture.DEV, newImage(), Map.of(name, "1")),
                    Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid per-deploy variable name");
    assertThat(atmos.invocations()).isEmpty();
  }

  @Test
  void deploy_whenVariablesTryToSetTheImage_isRejected() {
    AtmosStackDeployer deployer = fixture.builder().build();

    assertThatThrownBy(
            () ->
                deployer.deploy(
                    new DeployRequest(
                        AtmosFixture.dev(),
                        AtmosFixture.DEV,
                        newImage(),
                        Map.of("APP_IMAGE", "evil/image:latest")),
                    Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image variable");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-s=prod", "--stack=prod", "-s", "--stack", "prod", "--", "-"})
  void builder_whenFlagWouldChangeTheStackOrIsNoFlag_isRejected(String flag) {
    assertThatThrownBy(() -> fixture.builder().flags(flag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(flag);
  }

  @Test
  void builder_whenFixedEnvironmentSetsPrNumber_isRejected() {
    assertThatThrownBy(() -> fixture.builder().environment("PR_NUMBER", "1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PR_NUMBER");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PATH",
        "HOME",
        "USER",
        "SHELL",
        "TMPDIR",
        "LANG",
        "ATMOS_DESCRIBE_COMPONENT_FILTER",
        "ATMOS_BASE_PATH",
        "TF_CLI_ARGS",
        "TF_WORKSPACE"
      })
  void builder_whenImageVariableIsReserved_isRejectedNamingItAndWhy(String name) {
    assertThatThrownBy(() -> fixture.builder().imageVariable(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image variable " + name + " is reserved: ")
        .hasMessageContaining("would replace it");
    assertThatThrownBy(() -> fixture.builder().instanceVariable(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instance variable " + name + " is reserved: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"APP_IMAGE", "WEB_IMAGE", "TF_VAR_image", "PATHS", "MY_HOME"})
  void builder_whenImageVariableIsNotReserved_isAccepted(String name) {
    assertThat(fixture.builder().imageVariable(name).build())
        .hasToString("AtmosStackDeployer[component=app, imageVariable=" + name + "]");
  }
}
