package com.example.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.PromotionPipeline;
import dev.baton.RebuildDetectedException;
import dev.baton.ReleaseVersion;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.BatonExtension;
import dev.baton.testkit.FakeStackDeployer;
import dev.baton.testkit.TestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * Where Mockito fits next to the fakes: a fake does the work (so the pipeline behaves as it would
 * for real), and a spy or a mock answers "was this called, and with what?". Stubbing a provider's
 * answers with {@code when(...)} is rarely needed: the fakes already answer like the real thing.
 */
@ExtendWith({MockitoExtension.class, BatonExtension.class})
class MockitoWithFakesTest {
  private static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));
  private static final DeploymentTarget STAGING =
      DeploymentTarget.of(EnvironmentName.parse("staging"));

  /** A mock that must stay untouched: any call to it would return null and fail the run. */
  @Mock StackDeployer deployer;

  @Test
  void aSpyOnAFake_verifiesTheDeployRequest(TestPipeline baton) {
    FakeStackDeployer spied = spy(new FakeStackDeployer());
    PromotionPipeline pipeline = baton.builder().deployer(spied).build();
    CommitSha commit = baton.pushBuild();

    pipeline.deploy(DEV, commit);
    pipeline.deploy(DEV, commit); // a re-run: the fake answers "no changes"

    verify(spied, times(2))
        .deploy(
            argThat(request -> request.target().equals(DEV) && request.image().isPinned()), any());
  }

  @Test
  void aRebuiltCommit_isRefused_andTheDeployerIsNeverCalled(TestPipeline baton) {
    PromotionPipeline pipeline = baton.builder().deployer(deployer).build();
    CommitSha commit = baton.pushBuild();
    pipeline.registerBuild(commit); // the digest of sha-<commit> is recorded
    baton.pushBuild(commit); // CI rebuilt the same commit: the tag now names another digest

    assertThatThrownBy(() -> pipeline.promote(STAGING, ReleaseVersion.parse("1.0.0"), commit))
        .isInstanceOf(RebuildDetectedException.class);
    verifyNoInteractions(deployer);
  }
}
