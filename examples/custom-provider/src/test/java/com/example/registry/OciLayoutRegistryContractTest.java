package com.example.registry;

import dev.baton.ImageReference;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.testkit.ImageRegistryContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OciLayoutRegistry} keeps every promise the SDK's {@link ImageRegistryContract} checks.
 * Extending the suite is all a provider's test needs: a registry, fresh repositories, and a way to
 * push images by other means than the registry under test.
 */
class OciLayoutRegistryContractTest extends ImageRegistryContract {
  private static final String HOST = "layout.local";

  @TempDir Path root;

  @Override
  protected ImageRegistry registry() {
    return new OciLayoutRegistry(HOST, root);
  }

  @Override
  protected ImageReference newRepository() {
    return ImageReference.of(HOST, "contract/" + UUID.randomUUID());
  }

  @Override
  protected ResolvedImage pushImage(ImageReference reference) {
    return new LayoutImages(root).pushImage(reference);
  }

  @Override
  protected ResolvedImage pushIndex(ImageReference reference) {
    return new LayoutImages(root).pushIndex(reference, false);
  }

  @Override
  protected ResolvedImage pushIndexWithAttestations(ImageReference reference) {
    return new LayoutImages(root).pushIndex(reference, true);
  }
}
