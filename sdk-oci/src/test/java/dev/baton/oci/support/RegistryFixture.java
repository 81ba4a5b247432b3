package dev.baton.oci.support;

import dev.baton.ImageReference;
import dev.baton.oci.OciImageRegistry;
import dev.baton.oci.support.ImagePusher.Pushed;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.spi.ResolvedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@code docker-registry} for a test class, with a {@link CountingProxy} in front of it,
 * an {@link ImagePusher} that writes to it directly and a shared {@link OciImageRegistry} client.
 * Register it as a static {@code @RegisterExtension} field: it starts them before the class,
 * forgets the proxy's counts before each test, and closes them all after the class.
 */
public final class RegistryFixture
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private static final AtomicInteger REPOS = new AtomicInteger();

  private final Supplier<LocalRegistry> starter;
  private LocalRegistry registry;
  private CountingProxy proxy;
  private ImagePusher pusher;
  private OciImageRegistry oci;

  private RegistryFixture(Supplier<LocalRegistry> starter) {
    this.starter = starter;
  }

  /**
   * @return a fixture whose registry needs no authentication
   */
  public static RegistryFixture anonymous() {
    return new RegistryFixture(LocalRegistry::anonymous);
  }

  /**
   * @return a fixture whose registry wants htpasswd Basic auth; the pusher logs in
   */
  public static RegistryFixture htpasswd() {
    return new RegistryFixture(LocalRegistry::htpasswd);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    registry = starter.get();
    proxy = CountingProxy.start(registry.host());
    pusher =
        registry.user() == null
            ? ImagePusher.anonymous(registry.host())
            : ImagePusher.basic(registry.host(), registry.user(), registry.password());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    proxy.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Exception failure = null;
    for (AutoCloseable c : new AutoCloseable[] {oci, proxy, registry}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    oci = null;
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * @return the registry, reached directly
   */
  public LocalRegistry registry() {
    return registry;
  }

  /**
   * @return {@code 127.0.0.1:port} of the registry itself, bypassing the proxy
   */
  public String host() {
    return registry.host();
  }

  /**
   * @return the counting proxy in front of the registry
   */
  public CountingProxy proxy() {
    return proxy;
  }

  /**
   * @return the pusher, which writes to the registry directly
   */
  public ImagePusher pusher() {
    return pusher;
  }

  /**
   * @return a client with default settings, shared by the class and closed after it
   */
  public synchronized OciImageRegistry oci() {
    if (oci == null) {
      oci = OciImageRegistry.builder().build();
    }
    return oci;
  }

  /**
   * @param name the repository's path, to which a number unique in the run is appended
   * @return a new repository reached through the counting proxy
   */
  public ImageReference repo(String name) {
    return ImageReference.of(proxy.host(), name + "-" + REPOS.incrementAndGet());
  }

  /**
   * @param name the repository's path, to which a number unique in the run is appended
   * @return a new repository on the registry itself, bypassing the proxy
   */
  public ImageReference directRepo(String name) {
    return ImageReference.of(registry.host(), name + "-" + REPOS.incrementAndGet());
  }

  /**
   * @return the same repository and tag, but on the registry itself, bypassing the proxy
   */
  public ImageReference direct(ImageReference viaProxy) {
    return ImageReference.of(registry.host(), viaProxy.repository())
        .withTag(viaProxy.tag().orElseThrow());
  }

  /** Pushes an image to the registry directly, then forgets the proxy's counts. */
  public Pushed push(ImageReference viaProxy, Style style, int layers) {
    Pushed p = pusher.pushImage(direct(viaProxy), style, layers);
    proxy.reset();
    return p;
  }

  /** Pushes an index of two images to the registry directly, then forgets the proxy's counts. */
  public Pushed pushIndex(ImageReference viaProxy, Style style) {
    Pushed p = pusher.pushIndex(direct(viaProxy), style);
    proxy.reset();
    return p;
  }

  /**
   * @return the pushed image as resolve would give it, but addressed through the proxy
   */
  public static ResolvedImage held(Pushed p, ImageReference viaProxy) {
    return ResolvedImage.of(viaProxy, p.digest(), p.mediaType(), p.platforms())
        .withManifest(p.manifest());
  }

  /**
   * @return the manifest under the reference's repository and tag, as skopeo reads it
   */
  public byte[] raw(ImageReference ref) {
    String login = registry.user() == null ? null : registry.user() + ":" + registry.password();
    return Skopeo.require()
        .inspectRaw(
            registry.host() + "/" + ref.repository() + ":" + ref.tag().orElseThrow(), login);
  }

  /**
   * @return the requests the proxy saw since its counts were last reset
   */
  public List<String> requests() {
    return proxy.requests();
  }

  /**
   * @return the HTTP methods of the requests the proxy saw since its counts were last reset
   */
  public List<String> methods() {
    return proxy.requests().stream().map(s -> s.split(" ")[0]).toList();
  }
}
