package dev.baton.oci.internal;

import dev.baton.Digest;
import dev.baton.Hints;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import dev.baton.TagConflictException;
import dev.baton.internal.Descriptor;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an image to another repository without rebuilding it, keeping its digest.
 *
 * <p>Within one registry no blob byte moves: every distinct blob is mounted from the source
 * repository ({@code POST …/blobs/uploads/?mount=&from=}, which must answer 201), the children of
 * an index are read and PUT by digest, and the root is PUT by tag last, so the tag never names an
 * incomplete image. For a single-platform image with L layers that is {@code HEAD} + (L+1) mounts +
 * {@code PUT} = L+3 requests with the bytes held, L+4 without. One Bearer token covers both
 * repositories.
 *
 * <p>Across registries, each blob the target lacks is streamed from a GET straight into the upload
 * PUT, never held whole in memory; a failed blob transfer is retried from its start.
 */
public final class Copier {
  private static final Logger LOG = LoggerFactory.getLogger(Copier.class);

  private final RegistryApi api;
  private final Promoter promoter;
  private final RetryPolicy retry;

  /**
   * @param api the registry endpoints
   * @param promoter for reading bytes the image does not carry
   * @param retry how often a streamed blob transfer is retried
   */
  public Copier(RegistryApi api, Promoter promoter, RetryPolicy retry) {
    this.api = api;
    this.promoter = promoter;
    this.retry = retry;
  }

  /** Source and target of one copy, with the token scopes each side needs. */
  private record Route(
      ImageReference from,
      List<Scope> fromScopes,
      ImageReference to,
      List<Scope> toScopes,
      boolean sameRegistry,
      Set<Digest> blobsDone) {}

  /**
   * @param source the image to copy
   * @param target the repository and tag (or only digest) to copy it to
   * @param policy what to do when the target tag names another digest
   * @return the image at its new place, with its bytes
   */
  public ResolvedImage copy(ResolvedImage source, ImageReference target, TagPolicy policy) {
    if (target.digest().isPresent() && !target.digest().get().equals(source.digest())) {
      throw new IllegalArgumentException(
          "copy target "
              + target
              + " is pinned to a digest other"
              + " than the source's "
              + source.digest()
              + "; a copy keeps the digest");
    }
    ImageReference from = source.reference();
    boolean sameRegistry = from.apiHost().equalsIgnoreCase(target.apiHost());
    List<Scope> toScopes =
        sameRegistry
            ? List.of(Scope.pullPush(target.repository()), Scope.pull(from.repository()))
            : List.of(Scope.pullPush(target.repository()));
    List<Scope> fromScopes = sameRegistry ? toScopes : List.of(Scope.pull(from.repository()));
    Route route = new Route(from, fromScopes, target, toScopes, sameRegistry, new HashSet<>());

    if (target.tag().isEmpty()) {
      return copyLocked(source, target, policy, route);
    }
    ReentrantLock lock = promoter.lockFor(target);
    lock.lock();
    try {
      return copyLocked(source, target, policy, route);
    } finally {
      lock.unlock();
    }
  }

  private ResolvedImage copyLocked(
      ResolvedImage source, ImageReference target, TagPolicy policy, Route route) {
    ImageReference from = route.from();
    List<Scope> toScopes = route.toScopes();
    List<Scope> fromScopes = route.fromScopes();
    Optional<String> tag = target.tag().map(t -> t.value());
    String rootRef = tag.orElse(source.digest().toString());
    ImageReference result =
        tag.isPresent() ? target.withoutDigest() : target.withDigest(source.digest());
    if (tag.isPresent()) {
      Optional<Digest> existing = api.headManifest(Promoter.site(target, tag.get()), toScopes);
      if (existing.isPresent() && existing.get().equals(source.digest())) {
        // Already there: no write. The children were pushed before the tag, so it is whole.
        return source
            .manifest()
            .map(b -> withBytes(result, source, b))
            .orElseGet(() -> withoutBytes(result, source));
      }
      if (existing.isPresent() && policy == TagPolicy.NO_CLOBBER) {
        throw new TagConflictException(result, existing.get(), source.digest());
      }
    }
    Promoter.Held root = promoter.bytesOf(source, fromScopes);
    copyChildren(
        route, root.bytes(), root.mediaType(), Promoter.site(from, source.digest().toString()));
    api.putManifest(
        Promoter.site(target, rootRef), root.mediaType(), root.bytes(), source.digest(), toScopes);
    LOG.info("copied {} from {} to {}", source.digest().shortForm(), from.repositoryOnly(), result);
    return withBytes(result, source, root.bytes());
  }

  /** Makes everything a manifest references present in the target repository. */
  private void copyChildren(Route route, byte[] bytes, String mediaType, RequestSubject site) {
    ManifestJson json = ManifestJson.parse(bytes, site);
    if (Promoter.isIndexType(mediaType)) {
      for (Descriptor child : json.manifests()) {
        RequestSubject childSite = Promoter.site(route.from(), child.digest().toString());
        RegistryApi.Fetched fetched =
            api.getManifest(childSite, route.fromScopes())
                .orElseThrow(
                    () ->
                        new NotFoundException(
                            "manifest "
                                + child.digest()
                                + " listed by "
                                + site
                                + " is missing ("
                                + childSite.describe()
                                + ")",
                            Hints.IMAGE_NOT_FOUND,
                            null));
        Promoter.verifiedDigest(childSite, fetched, Optional.of(child.digest()));
        String childType =
            ManifestJson.parse(fetched.bytes(), childSite).mediaType(fetched.contentType());
        copyChildren(route, fetched.bytes(), childType, childSite);
        // Children by digest, never by tag (docker/buildx #1660: tags break immutable repos).
        api.putManifest(
            Promoter.site(route.to(), child.digest().toString()),
            childType,
            fetched.bytes(),
            child.digest(),
            route.toScopes());
      }
      return;
    }
    for (Descriptor blob : json.blobs()) {
      if (!blob.urls().isEmpty() || !route.blobsDone().add(blob.digest())) {
        continue; // foreign layers live elsewhere; a blob shared by two platforms moves once
      }
      RequestSubject target = Promoter.site(route.to(), blob.digest().toString());
      if (route.sameRegistry()) {
        api.mountBlob(target, route.from().repository(), route.toScopes());
      } else {
        stream(route, blob, target);
      }
    }
  }

  private void stream(Route route, Descriptor blob, RequestSubject target) {
    if (api.blobExists(target, route.toScopes())) {
      return;
    }
    RequestSubject source = Promoter.site(route.from(), blob.digest().toString());
    for (int attempt = 1; ; attempt++) {
      try (InputStream in = api.openBlob(source, blob.size(), route.fromScopes())) {
        api.uploadBlob(target, blob.size(), in, route.toScopes());
        return;
      } catch (ProviderException e) {
        if (!e.isRetryable() || attempt >= retry.maxAttempts()) {
          throw e;
        }
        LOG.debug(
            "blob {} transfer failed ({}), attempt {}", blob.digest(), e.getMessage(), attempt);
      } catch (IOException e) {
        if (attempt >= retry.maxAttempts()) {
          throw ProviderException.retryable(
              "copying blob "
                  + blob.digest()
                  + " from "
                  + source
                  + " failed ("
                  + target.describe()
                  + "): "
                  + e,
              "check the network and try again",
              e);
        }
      }
      retry
          .sleeper()
          .sleepOrCancel(
              retry.backoff().delay(attempt),
              "copying blob " + blob.digest() + " (" + target.describe() + ")");
    }
  }

  private static ResolvedImage withBytes(ImageReference ref, ResolvedImage source, byte[] bytes) {
    return withoutBytes(ref, source).withManifest(bytes);
  }

  private static ResolvedImage withoutBytes(ImageReference ref, ResolvedImage source) {
    return ResolvedImage.of(
        ref, source.digest(), source.mediaType(), new ArrayList<>(source.platforms()));
  }
}
