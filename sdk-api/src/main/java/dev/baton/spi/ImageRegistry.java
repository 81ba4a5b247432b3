package dev.baton.spi;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import java.util.Optional;

/**
 * A container registry, seen as what promotion needs: resolve a reference to its digest, and point
 * a new tag at an existing digest without moving any layer.
 *
 * <p>Implementations are safe for concurrent use. {@link #tag} is idempotent: a tag that already
 * points at the digest costs no write and answers {@link TagResult#ALREADY_PRESENT}. Failures are
 * {@link dev.baton.ProviderException} subtypes ({@link dev.baton.AccessDeniedException} for refused
 * credentials); a tag that points elsewhere under {@link TagPolicy#NO_CLOBBER} is a {@link
 * dev.baton.TagConflictException}, with the tag left unchanged.
 *
 * <pre>{@code
 * ResolvedImage build = registry.resolve(ImageReference.parse("ghcr.io/acme/shop:sha-" + sha))
 *     .orElseThrow(() -> NotFoundException.image(ref));
 * registry.tag(build, Tag.parse("1.2.3"));   // CREATED, then ALREADY_PRESENT on a re-run
 * }</pre>
 */
public interface ImageRegistry {
  /**
   * Resolves a reference (tag, digest or both) to the manifest it names.
   *
   * @param reference what to look up
   * @return the digest, media type and platforms; empty when the tag or digest does not exist
   */
  Optional<ResolvedImage> resolve(ImageReference reference);

  /**
   * The digest a reference names now, without its manifest: what {@code
   * resolve(reference).map(ResolvedImage::digest)} gives, which is also how this default finds it.
   * Writers read a tag back with it after writing the tag, so a registry that can answer with the
   * digest alone (a {@code HEAD}) overrides it to save the manifest's transfer and parsing.
   *
   * @param reference what to look up (tag, digest or both; with both, the tag must name the digest)
   * @return the digest; empty when the tag or digest does not exist
   */
  default Optional<Digest> currentDigest(ImageReference reference) {
    return resolve(reference).map(ResolvedImage::digest);
  }

  /**
   * Points {@code tag}, in the image's own repository, at the image's digest. The manifest is
   * copied byte for byte; an index is tagged whole, with every platform.
   *
   * @param image an image resolved by this registry
   * @param tag the new tag
   * @param policy what to do when the tag points at another digest
   * @return what happened
   */
  TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy);

  /**
   * {@link #tag(ResolvedImage, Tag, TagPolicy)} with {@link TagPolicy#NO_CLOBBER}.
   *
   * @param image an image resolved by this registry
   * @param tag the new tag
   * @return what happened
   */
  default TagResult tag(ResolvedImage image, Tag tag) {
    return tag(image, tag, TagPolicy.NO_CLOBBER);
  }
}
