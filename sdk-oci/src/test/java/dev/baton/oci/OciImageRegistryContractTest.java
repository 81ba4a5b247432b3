package dev.baton.oci;

import dev.baton.ImageReference;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.RegistryFixture;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.testkit.ImageRegistryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OciImageRegistry} passes the {@link ImageRegistryContract} against a real {@code
 * docker-registry}, with images pushed by the test's own HTTP client.
 */
class OciImageRegistryContractTest extends ImageRegistryContract {
  @RegisterExtension static final RegistryFixture registry = RegistryFixture.anonymous();

  @Override
  protected ImageRegistry registry() {
    return registry.oci();
  }

  @Override
  protected ImageReference newRepository() {
    return registry.directRepo("contract/repo");
  }

  @Override
  protected ResolvedImage pushImage(ImageReference reference) {
    return registry.pusher().pushImage(reference, Style.OCI, 1).resolved();
  }

  @Override
  protected ResolvedImage pushIndex(ImageReference reference) {
    return registry.pusher().pushIndex(reference, Style.OCI).resolved();
  }

  @Override
  protected ResolvedImage pushIndexWithAttestations(ImageReference reference) {
    return registry.pusher().pushIndexWithAttestations(reference).resolved();
  }
}
