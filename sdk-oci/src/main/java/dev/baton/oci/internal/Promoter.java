package dev.baton.oci.internal;

import dev.baton.Digest;
import dev.baton.Hints;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolve and retag, request by request. The request counts are the point of this class:
 *
 * <ul>
 *   <li>resolve: one {@code GET} of the manifest, whose bytes are kept in the result;
 *   <li>tag: one {@code HEAD} of the target tag (the no-clobber and idempotence check: a tag that
 *       already names the digest costs nothing more), then one {@code PUT} of the held bytes, or
 *       {@code GET}+{@code PUT} when the caller's {@link ResolvedImage} carries no bytes.
 * </ul>
 *
 * <p>An index is tagged by one PUT of the index itself: its children are already in the same
 * repository. Cross-repository copies live in {@link Copier}.
 */
public final class Promoter {
  private static final Logger LOG = LoggerFactory.getLogger(Promoter.class);

  /**
   * Writers of the same tag in this process take turns, so that of several threads promoting the
   * same digest exactly one sees {@code CREATED}. Registries offer no compare-and-set, so this
   * cannot cover writers in other processes.
   */
  private static final int STRIPES = 64;

  private final RegistryApi api;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  /**
   * @param api the registry endpoints
   */
  public Promoter(RegistryApi api) {
    this.api = api;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * @param reference what to resolve; with both tag and digest, the tag must name the digest
   * @return the image with its bytes, or empty when the tag, digest or repository is absent
   */
  public Optional<ResolvedImage> resolve(ImageReference reference) {
    RequestSubject site = site(reference, referenceText(reference));
    Optional<RegistryApi.Fetched> fetched =
        api.getManifest(site, List.of(Scope.pull(reference.repository())));
    if (fetched.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = fetched.get().bytes();
    Digest digest =
        verifiedDigest(
            site, fetched.get(), reference.tag().isEmpty() ? reference.digest() : Optional.empty());
    if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
      // repo:tag@digest where the tag names something else now: that image is not there.
      LOG.debug("{} names {}, not the pinned {}", site, digest, reference.digest().get());
      return Optional.empty();
    }
    ManifestJson json = ManifestJson.parse(bytes, site);
    String mediaType = json.mediaType(fetched.get().contentType());
    List<Platform> platforms = isIndexType(mediaType) ? json.platforms() : List.of();
    return Optional.of(
        ResolvedImage.of(reference, digest, mediaType, platforms).withManifest(bytes));
  }

  /**
   * One {@code HEAD}: the digest the registry reports for the reference, no body read. A token held
   * for pushing to the repository covers this pull, so a read-back after a write asks for no new
   * token.
   *
   * @param reference what to look up; with both tag and digest, the tag must name the digest
   * @return the digest, or empty when the tag, digest or repository is absent
   */
  public Optional<Digest> currentDigest(ImageReference reference) {
    RequestSubject site = site(reference, referenceText(reference));
    Optional<Digest> named = api.headManifest(site, List.of(Scope.pull(reference.repository())));
    if (named.isPresent()
        && reference.digest().isPresent()
        && !reference.digest().get().equals(named.get())) {
      LOG.debug("{} names {}, not the pinned {}", site, named.get(), reference.digest().get());
      return Optional.empty();
    }
    return named;
  }

  /**
   * @param image an image resolved earlier (bytes held or not)
   * @param tag the tag to point at it, in the image's own repository
   * @param policy what to do when the tag names another digest
   * @return what happened
   */
  public TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
    ImageReference target = image.reference().withoutDigest().withTag(tag);
    ReentrantLock lock = lockFor(target);
    lock.lock();
    try {
      return tagLocked(image, target, tag, policy);
    } finally {
      lock.unlock();
    }
  }

  /**
   * @param target a repository and tag
   * @return the lock its writers share in this process
   */
  ReentrantLock lockFor(ImageReference target) {
    String key = target.apiHost() + '/' + target.repository() + ':' + target.tag().orElseThrow();
    return locks[Math.floorMod(key.hashCode(), STRIPES)];
  }

  private TagResult tagLocked(
      ResolvedImage image, ImageReference target, Tag tag, TagPolicy policy) {
    ImageReference source = image.reference();
    RequestSubject targetSite = site(target, tag.value());
    // pull,push in one token up front, so the PUT reuses the HEAD's token.
    List<Scope> scopes = List.of(Scope.pullPush(source.repository()));
    Optional<Digest> existing = api.headManifest(targetSite, scopes);
    if (existing.isPresent() && existing.get().equals(image.digest())) {
      return TagResult.ALREADY_PRESENT;
    }
    if (existing.isPresent() && policy == TagPolicy.NO_CLOBBER) {
      throw new TagConflictException(target, existing.get(), image.digest());
    }
    Held held = bytesOf(image, scopes);
    api.putManifest(targetSite, held.mediaType(), held.bytes(), image.digest(), scopes);
    LOG.info(
        "tagged {} as {} ({})",
        image.digest().shortForm(),
        target,
        existing.isPresent() ? "moved from " + existing.get().shortForm() : "new tag");
    return existing.isPresent() ? TagResult.MOVED : TagResult.CREATED;
  }

  /** Manifest bytes and the media type to PUT them with. */
  record Held(byte[] bytes, String mediaType) {}

  /**
   * The image whose carried bytes were checked last, by identity ({@link ResolvedImage} is
   * immutable), and what the check gave; the bytes are a copy of the image's, never handed out
   * beyond a PUT.
   */
  private record Checked(ResolvedImage image, Held held) {}

  private volatile Checked lastChecked;

  /**
   * The exact bytes of an image: the ones it carries, else a GET by digest, verified.
   *
   * @param image the image
   * @param scopes the token scopes to ask for
   * @return the bytes and the media type to send them with
   */
  Held bytesOf(ResolvedImage image, List<Scope> scopes) {
    Checked last = lastChecked;
    if (last != null && last.image() == image) {
      return last.held(); // a batch tags one image many times: check its bytes once
    }
    Optional<byte[]> carried = image.manifest();
    if (carried.isPresent()) {
      ManifestJson json =
          ManifestJson.parse(carried.get(), site(image.reference(), image.digest().toString()));
      json.mediaTypeField()
          .filter(f -> !f.equals(image.mediaType()))
          .ifPresent(
              f -> {
                throw new IllegalArgumentException(
                    "image "
                        + image
                        + " says media type "
                        + image.mediaType()
                        + " but its manifest's mediaType field is "
                        + f
                        + "; resolve the image again instead of building the ResolvedImage by hand");
              });
      Held held = new Held(carried.get(), image.mediaType());
      lastChecked = new Checked(image, held);
      return held;
    }
    ImageReference ref = image.reference();
    RequestSubject site = site(ref, image.digest().toString());
    RegistryApi.Fetched fetched =
        api.getManifest(site, scopes)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "image " + image.pinned() + " not found (" + site.describe() + ")",
                        Hints.IMAGE_NOT_FOUND,
                        null));
    verifiedDigest(site, fetched, Optional.of(image.digest()));
    String mediaType = ManifestJson.parse(fetched.bytes(), site).mediaType(fetched.contentType());
    return new Held(fetched.bytes(), mediaType);
  }

  /**
   * The digest of fetched bytes, checked against what was asked for and what the registry says.
   *
   * @param site what was fetched
   * @param fetched the answer
   * @param asked the digest that was requested, when the request was by digest
   * @return the verified digest
   */
  static Digest verifiedDigest(
      RequestSubject site, RegistryApi.Fetched fetched, Optional<Digest> asked) {
    byte[] bytes = fetched.bytes();
    Digest expected = asked.or(fetched::reportedDigest).orElse(null);
    Digest actual;
    if (expected != null && !expected.algorithm().equals("sha256")) {
      actual = verifies(expected, bytes) ? expected : Digest.sha256(bytes);
    } else {
      actual = Digest.sha256(bytes);
    }
    if (expected != null && !expected.equals(actual)) {
      throw ProviderException.permanent(
          "the registry answered "
              + site
              + " with bytes whose digest is "
              + actual
              + ", not "
              + expected
              + " ("
              + site.describe()
              + ")",
          "the registry converted or altered the manifest; nothing was written. Check that it"
              + " supports OCI and Docker schema 2 manifests unchanged",
          null);
    }
    if (asked.isPresent()
        && fetched.reportedDigest().isPresent()
        && !fetched.reportedDigest().get().equals(actual)) {
      throw ProviderException.permanent(
          "the registry reported digest "
              + fetched.reportedDigest().get()
              + " for "
              + site
              + ", whose bytes are "
              + actual
              + " ("
              + site.describe()
              + ")",
          "the registry is inconsistent; nothing was written",
          null);
    }
    return actual;
  }

  private static boolean verifies(Digest d, byte[] bytes) {
    try {
      return d.matches(bytes);
    } catch (UnsupportedOperationException e) {
      throw ProviderException.permanent(
          "digest " + d + " uses an algorithm this client cannot verify",
          "use sha256 or sha512 digests",
          e);
    }
  }

  static boolean isIndexType(String mediaType) {
    return mediaType.endsWith("index.v1+json") || mediaType.endsWith("manifest.list.v2+json");
  }

  static RequestSubject site(ImageReference ref, String reference) {
    return new RequestSubject(ref.apiHost(), ref.repository(), reference);
  }

  private static String referenceText(ImageReference reference) {
    if (reference.tag().isPresent()) {
      return reference.tag().get().value();
    }
    return reference
        .digest()
        .map(Digest::toString)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "image reference "
                        + reference
                        + " has neither tag nor digest; name one (there is no"
                        + " implicit latest)"));
  }
}
