package dev.baton.testkit;

import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;

/** Runs the release source contract against {@link FakeReleaseSource}. */
class FakeReleaseSourceContractTest extends ReleaseSourceContract {
  private final FakeReleaseSource source = new FakeReleaseSource();

  @Override
  protected ReleaseSource source() {
    return source;
  }

  @Override
  protected void publish(Release draft) {
    source.publish(draft.version());
  }
}
