package com.example.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.PipelineEvent;
import dev.baton.ProviderException;
import dev.baton.PushTrigger;
import dev.baton.RunResult;
import dev.baton.spi.DeploymentState;
import dev.baton.testkit.BatonExtension;
import dev.baton.testkit.TestPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit from a user's side: {@link BatonExtension} hands each test a fresh {@link
 * TestPipeline}, a real {@code PromotionPipeline} over working fakes of every provider. The fakes
 * are asserted on directly, and told to fail with {@code failNext(...)}.
 */
@ExtendWith(BatonExtension.class)
class PipelineBehaviourTest {
  private static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));

  @Test
  void pushToMain_deploysTheBuildToDev_pinnedToItsDigest(TestPipeline baton) {
    CommitSha commit = baton.pushBuild(); // plays CI: pushes sha-<commit>

    baton.pipeline().run(pushToMain(commit));

    assertThat(baton.deployer().deploys())
        .singleElement()
        .satisfies(
            deploy -> {
              assertThat(deploy.target()).isEqualTo(DEV);
              assertThat(deploy.image().isPinned()).isTrue();
              assertThat(deploy.image().digest())
                  .isEqualTo(
                      baton
                          .registry()
                          .digestOf(
                              TestPipeline.REPOSITORY.withTag(deploy.image().tag().orElseThrow())));
            });
    assertThat(baton.ledger().current(DEV))
        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(DeploymentState.SUCCESS));
  }

  @Test
  void whenTheDeployFails_theRunThrows_theLedgerSaysFailure_andARerunConverges(TestPipeline baton) {
    CommitSha commit = baton.pushBuild();
    baton
        .deployer()
        .failNext(
            new DeploymentFailedException(
                "terraform apply failed in dev",
                List.of("Error: creating ECS Service: throttled"),
                null));

    assertThatThrownBy(() -> baton.pipeline().run(pushToMain(commit)))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("throttled");
    assertThat(baton.events()).filteredOn(PipelineEvent.Failed.class::isInstance).hasSize(1);
    assertThat(baton.ledger().history(DEV.environment()))
        .first()
        .satisfies(r -> assertThat(r.state()).isEqualTo(DeploymentState.FAILURE));
    assertThat(baton.ledger().current(DEV)).as("nothing ran successfully yet").isEmpty();

    RunResult again = baton.pipeline().run(pushToMain(commit)); // the failure was used up

    assertThat(again.deployedImage()).isPresent();
    assertThat(baton.ledger().current(DEV))
        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(DeploymentState.SUCCESS));
  }

  @Test
  void whenTheRegistryIsDown_nothingIsDeployed(TestPipeline baton) {
    CommitSha commit = baton.pushBuild();
    baton.registry().failNext(ProviderException.retryable("registry answered 503", null));

    assertThatThrownBy(() -> baton.pipeline().run(pushToMain(commit)))
        .isInstanceOf(ProviderException.class)
        .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isTrue());
    assertThat(baton.deployer().deploys()).isEmpty();
    assertThat(baton.registry().tagWrites()).isEmpty();
  }

  private static PushTrigger pushToMain(CommitSha commit) {
    return new PushTrigger("refs/heads/main", commit, "main", false);
  }
}
