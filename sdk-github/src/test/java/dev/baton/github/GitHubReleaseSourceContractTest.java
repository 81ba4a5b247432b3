package dev.baton.github;

import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;
import dev.baton.testkit.ReleaseSourceContract;
import org.junit.jupiter.api.AfterEach;

/** {@link GitHubReleaseSource} against the stateful fake GitHub, held to the release contract. */
class GitHubReleaseSourceContractTest extends ReleaseSourceContract {
  static final Secret TOKEN = Secret.of("ghs_contractTOKEN0123456789");

  private final FakeGitHub github = FakeGitHub.start("acme/shop", TOKEN);

  @AfterEach
  void stop() {
    github.close();
  }

  @Override
  protected ReleaseSource source() {
    return GitHubReleaseSource.builder(Connections.to(github, TOKEN)).build();
  }

  @Override
  protected void publish(Release draft) {
    github.publish(Long.parseLong(draft.id()));
  }
}
