package dev.baton.atmos;

import static dev.baton.atmos.testing.AtmosFixture.deployDev;
import static dev.baton.atmos.testing.AtmosFixture.newImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.DeploymentFailedException;
import dev.baton.OperationTimeoutException;
import dev.baton.Secret;
import dev.baton.atmos.testing.AtmosFixture;
import dev.baton.atmos.testing.CapturedLogs;
import dev.baton.spi.DeployResult;
import dev.baton.testkit.atmos.FakeAtmos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A credential in atmos's environment that atmos or Terraform prints (as TF_LOG=trace or an error
 * message would) never reaches the progress sink, the logs or an exception.
 */
class AtmosStackDeployerSecretsTest {
  @TempDir Path dir;
  private AtmosFixture fixture;
  private FakeAtmos atmos;
  private final String token = "ghs_" + UUID.randomUUID().toString().replace("-", "");
  private final String extra = "extra-" + UUID.randomUUID();
  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
  private int mark;

  @BeforeEach
  void setUp() {
    fixture = new AtmosFixture(dir);
    atmos = fixture.atmos;
    atmos.recordEnvironment("GITHUB_TOKEN", "EXTRA");
    mark = CapturedLogs.mark();
  }

  @AfterEach
  void killLeftovers() {
    for (long pid : atmos.hungProcessIds()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private AtmosStackDeployer deployer() {
    return fixture
        .builder()
        .secretEnvironment("GITHUB_TOKEN", Secret.of(token))
        .environment("EXTRA", extra)
        .redact(Secret.of(extra))
        // makes the fake print both variables on stdout and stderr, as TF_LOG=trace would
        .environment("FAKE_ATMOS_PRINT_ENV", "GITHUB_TOKEN,EXTRA")
        .build();
  }

  private String logs() {
    StringBuilder b = new StringBuilder();
    CapturedLogs.since(mark).forEach(e -> b.append(e.message()).append('\n'));
    return b.toString();
  }

  @Test
  void deploy_whenAtmosPrintsTheSecret_itIsRedactedFromProgressAndLogs() {
    DeployResult r = deployer().deploy(deployDev(newImage()), progress::add);

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    // The secret did reach the process, and the process did print it...
    FakeAtmos.Invocation call = atmos.invocations().get(0);
    assertThat(call.environment()).containsEntry("GITHUB_TOKEN", token);
    assertThat(progress)
        .contains("[TRACE] environment: GITHUB_TOKEN=****", "[TRACE] environment: EXTRA=****");
    // ...but it never came out.
    assertThat(String.join("\n", progress)).doesNotContain(token).doesNotContain(extra);
    assertThat(logs()).contains("GITHUB_TOKEN=****").doesNotContain(token).doesNotContain(extra);
    assertThat(r.toString()).doesNotContain(token);
  }

  @Test
  void deploy_whenTheErrorContainsTheSecret_itIsRedactedFromTheException() {
    atmos.failNext("deploy", "authenticating with token ${GITHUB_TOKEN} failed (${EXTRA})");

    DeploymentFailedException e =
        catchThrowableOfType(
            DeploymentFailedException.class,
            () -> deployer().deploy(deployDev(newImage()), progress::add));

    assertThat(e.getMessage())
        .contains("authenticating with token **** failed (****)")
        .doesNotContain(token)
        .doesNotContain(extra);
    assertThat(e.toString()).doesNotContain(token);
    assertThat(String.join("\n", e.outputTail())).doesNotContain(token).doesNotContain(extra);
    assertThat(String.join("\n", progress)).doesNotContain(token);
    assertThat(logs()).doesNotContain(token).doesNotContain(extra);
  }

  @Test
  void deploy_whenItTimesOut_theSecretIsNotInTheTimeoutMessage() {
    AtmosStackDeployer deployer =
        fixture
            .builder()
            .secretEnvironment("GITHUB_TOKEN", Secret.of(token))
            .environment("FAKE_ATMOS_PRINT_ENV", "GITHUB_TOKEN")
            .timeout(Duration.ofSeconds(3))
            .gracePeriod(Duration.ofMillis(300))
            .checkImageVariable(false)
            .build();
    atmos.hangNext("deploy");

    OperationTimeoutException e =
        catchThrowableOfType(
            OperationTimeoutException.class,
            () -> deployer.deploy(deployDev(newImage()), progress::add));

    assertThat(e.getMessage()).contains("GITHUB_TOKEN=****").doesNotContain(token);
    assertThat(logs()).doesNotContain(token);
  }

  @Test
  void builderAndDeployer_toStringNeverShowTheSecret() {
    AtmosStackDeployer deployer = deployer();

    assertThat(deployer.toString()).doesNotContain(token).doesNotContain(extra);
  }
}
