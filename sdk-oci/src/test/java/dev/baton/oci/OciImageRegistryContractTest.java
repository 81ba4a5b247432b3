package dev.baton.oci;

import dev.baton.ImageReference;
import dev.baton.oci.support.ImagePusher;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.LocalRegistry;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.testkit.ImageRegistryContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link OciImageRegistry} passes the {@link ImageRegistryContract} against a real
 * {@code docker-registry}, with images pushed by the test's own HTTP client.
 */
class OciImageRegistryContractTest extends ImageRegistryContract {
  private static final AtomicInteger REPOS = new AtomicInteger();
  private static LocalRegistry registry;
  private static ImagePusher pusher;
  private static OciImageRegistry oci;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.anonymous();
    pusher = ImagePusher.anonymous(registry.host());
    oci = OciImageRegistry.builder().build();
  }

  @AfterAll
  static void stop() {
    if (oci != null) {
      oci.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Override
  protected ImageRegistry registry() {
    return oci;
  }

  @Override
  protected ImageReference newRepository() {
    return ImageReference.of(registry.host(), "contract/repo-" + REPOS.incrementAndGet());
  }

  @Override
  protected ResolvedImage pushImage(ImageReference reference) {
    return pusher.pushImage(reference, Style.OCI, 1).resolved();
  }

  @Override
  protected ResolvedImage pushIndex(ImageReference reference) {
    return pusher.pushIndex(reference, Style.OCI).resolved();
  }

  @Override
  protected ResolvedImage pushIndexWithAttestations(ImageReference reference) {
    return pusher.pushIndexWithAttestations(reference).resolved();
  }
}
