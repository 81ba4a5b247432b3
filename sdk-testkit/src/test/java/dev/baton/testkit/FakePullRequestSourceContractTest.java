package dev.baton.testkit;

import dev.baton.spi.PullRequestSource;

/** Runs the pull request source contract against {@link FakePullRequestSource}. */
class FakePullRequestSourceContractTest extends PullRequestSourceContract {
  private final FakePullRequestSource source = new FakePullRequestSource();

  @Override
  protected PullRequestSource source() {
    return source;
  }

  @Override
  protected void open(int number, String... labels) {
    source.open(number, labels);
  }

  @Override
  protected void close(int number, boolean merged, String... labels) {
    source.closed(number, labels);
  }
}
