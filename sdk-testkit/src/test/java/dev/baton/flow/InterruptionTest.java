package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.pushToMain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.OperationCancelledException;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Progress;
import dev.baton.testkit.ForwardingStackDeployer;
import dev.baton.testkit.TestPipeline;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run interrupted in the middle of a deploy (SIGTERM, a cancelled job) still records the deploy's
 * failure, even with a ledger whose client refuses to work on an interrupted thread, and leaves the
 * interrupt set for its caller.
 */
class InterruptionTest {
  private final TestPipeline t = TestPipeline.create();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /**
   * A ledger that, like many network clients, gives up at once on an interrupted thread: each write
   * refuses one, each read goes through.
   */
  private static DeploymentLedger interruptSensitive(DeploymentLedger ledger) {
    Set<String> writes =
        Set.of(
            "recordBuild",
            "begin",
            "finish",
            "deactivate",
            "quarantine",
            "release",
            "recordApproval");
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (writes.contains(method.getName()) && Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("the ledger's client refuses an interrupted thread");
          }
          try {
            return method.invoke(ledger, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return DeploymentLedger.class.cast(
        Proxy.newProxyInstance(
            DeploymentLedger.class.getClassLoader(),
            new Class<?>[] {DeploymentLedger.class},
            handler));
  }

  @Test
  void interruptedDeploy_isRecordedAsFailed_andTheInterruptStaysSet() {
    CommitSha commit = t.pushBuild();
    DeploymentLedger ledger = interruptSensitive(new InMemoryDeploymentLedger());
    ForwardingStackDeployer interrupted =
        new ForwardingStackDeployer(t.deployer()) {
          @Override
          public DeployResult deploy(DeployRequest request, Progress progress) {
            Thread.currentThread().interrupt();
            throw OperationCancelledException.interrupted(
                "the deploy of " + request.target(), new InterruptedException());
          }
        };

    assertThatThrownBy(
            () -> t.builder().ledger(ledger).deployer(interrupted).build().run(pushToMain(commit)))
        .isInstanceOf(OperationCancelledException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(ledger.history(DEV))
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(DeploymentState.FAILURE));
  }
}
