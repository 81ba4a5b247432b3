package dev.baton.testkit;

import dev.baton.ImageReference;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the registry contract against {@link FakeImageRegistry}. */
class FakeImageRegistryContractTest extends ImageRegistryContract {
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();
  private final FakeImageRegistry registry = new FakeImageRegistry();

  @Override
  protected ImageRegistry registry() {
    return registry;
  }

  @Override
  protected ImageReference newRepository() {
    return ImageReference.of(
        "registry.example.test", "contract/repo" + REPOSITORIES.incrementAndGet());
  }

  @Override
  protected ResolvedImage pushImage(ImageReference reference) {
    return registry.pushImage(reference);
  }

  @Override
  protected ResolvedImage pushIndex(ImageReference reference) {
    return registry.pushIndex(reference);
  }

  @Override
  protected ResolvedImage pushIndexWithAttestations(ImageReference reference) {
    return registry.pushIndexWithAttestations(reference);
  }
}
