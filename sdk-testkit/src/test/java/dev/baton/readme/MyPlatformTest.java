package dev.baton.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.PushTrigger;
import dev.baton.Tag;
import dev.baton.testkit.BatonExtension;
import dev.baton.testkit.TestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's testkit example, verbatim, so that it keeps compiling and passing. */
@ExtendWith(BatonExtension.class)
class MyPlatformTest {
  @Test
  void mergeDeploysDev(TestPipeline baton) {
    CommitSha commit = baton.pushBuild(); // plays CI: pushes sha-<commit>
    baton.pipeline().run(new PushTrigger("refs/heads/main", commit, "main", false));

    assertThat(baton.deployer().deploys())
        .singleElement()
        .satisfies(d -> assertThat(d.image().isPinned()).isTrue());
    assertThat(baton.registry().digestOf(TestPipeline.REPOSITORY.withTag(Tag.parse("latest"))))
        .isPresent();
    assertThat(baton.releases().releases()).singleElement(); // the draft release
  }
}
