package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageTagScheme;
import dev.baton.PushTrigger;
import dev.baton.Tag;
import dev.baton.spi.ResolvedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TestPipeline}: builds played as CI, and the fakes it wires into the pipeline. */
class TestPipelineTest {
  private final TestPipeline t = TestPipeline.create();

  @Test
  void pushBuild_eachCallIsANewCommitWithItsOwnImageUnderItsBuildTag() {
    CommitSha first = t.pushBuild();
    CommitSha second = t.pushBuild();

    assertThat(second).isNotEqualTo(first);
    Tag firstTag = ImageTagScheme.standard().tagFor(first);
    Tag secondTag = ImageTagScheme.standard().tagFor(second);
    assertThat(t.registry().resolve(TestPipeline.REPOSITORY.withTag(firstTag))).isPresent();
    assertThat(t.registry().digestOf(TestPipeline.REPOSITORY.withTag(firstTag)))
        .isNotEqualTo(t.registry().digestOf(TestPipeline.REPOSITORY.withTag(secondTag)));
  }

  @Test
  void pushBuild_ofTheSameCommitAgain_isARebuildUnderTheSameTag() {
    CommitSha commit = t.pushBuild();
    Tag tag = ImageTagScheme.standard().tagFor(commit);
    ResolvedImage before = t.registry().resolve(TestPipeline.REPOSITORY.withTag(tag)).orElseThrow();

    ResolvedImage rebuilt = t.pushBuild(commit);

    assertThat(rebuilt.digest()).isNotEqualTo(before.digest());
    assertThat(t.registry().digestOf(TestPipeline.REPOSITORY.withTag(tag)))
        .contains(rebuilt.digest());
  }

  @Test
  void pipeline_isWiredToTheFakes_aPushToMainDeploysDevThroughThem() {
    CommitSha commit = t.pushBuild();

    t.pipeline().run(new PushTrigger("refs/heads/main", commit, "main", false));

    DeploymentTarget dev = DeploymentTarget.of(EnvironmentName.parse("dev"));
    assertThat(t.deployer().deploys())
        .singleElement()
        .satisfies(d -> assertThat(d.target()).isEqualTo(dev));
    assertThat(t.ledger().current(dev))
        .hasValueSatisfying(d -> assertThat(d.commit()).isEqualTo(commit));
    assertThat(t.releases().releases())
        .singleElement()
        .satisfies(r -> assertThat(r.commit()).isEqualTo(commit));
    assertThat(t.events()).isNotEmpty();
    assertThat(t.pipeline().ledger()).isSameAs(t.ledger());
  }

  @Test
  void create_givesIndependentFakes() {
    TestPipeline other = TestPipeline.create();
    t.pushBuild();

    assertThat(other.registry()).isNotSameAs(t.registry());
    assertThat(other.registry().resolveCalls()).isZero();
    assertThat(other.pushBuild()).isNotNull();
    assertThat(other.registry().tagWrites()).isEmpty();
  }

  @Test
  void previewsAtOnce_deploysOnePreviewPerPullRequest_eachWithItsOwnBuild() {
    List<CommitSha> commits = t.previewsAtOnce(t.pipeline(), 3);

    assertThat(commits).hasSize(3).doesNotHaveDuplicates();
    EnvironmentName preview = EnvironmentName.parse("preview");
    assertThat(t.deployer().deploys())
        .extracting(d -> d.target())
        .containsExactlyInAnyOrder(
            DeploymentTarget.pullRequest(preview, 1),
            DeploymentTarget.pullRequest(preview, 2),
            DeploymentTarget.pullRequest(preview, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(t.ledger().current(DeploymentTarget.pullRequest(preview, i + 1)))
          .get()
          .extracting(d -> d.commit())
          .isEqualTo(commits.get(i));
    }
    assertThatThrownBy(() -> t.previewsAtOnce(t.pipeline(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count must be positive, got 0");
  }
}
