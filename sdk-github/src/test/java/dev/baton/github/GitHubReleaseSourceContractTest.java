package dev.baton.github;

import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;
import dev.baton.testkit.ReleaseSourceContract;
import org.junit.jupiter.api.AutoClose;

/** {@link GitHubReleaseSource} against the stateful fake GitHub, held to the release contract. */
class GitHubReleaseSourceContractTest extends ReleaseSourceContract {
  static final Secret TOKEN = Secret.of("ghs_contractTOKEN0123456789");

  @AutoClose private final FakeGitHub github = FakeGitHub.start("acme/shop", TOKEN);

  @Override
  protected void publish(Release draft) {
    github.publish(Long.parseLong(draft.id()));
  }

  @Override
  protected ReleaseSource source() {
    return GitHubReleaseSource.builder(Connections.to(github, TOKEN)).build();
  }
}
