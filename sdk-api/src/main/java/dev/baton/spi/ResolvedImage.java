package dev.baton.spi;

import dev.baton.Digest;
import dev.baton.ImageReference;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a registry says a reference points at: its digest, the manifest's media type and, for an
 * index, its platforms. A registry may also keep the exact manifest bytes it read, so that a retag
 * in the same promotion needs no second read; those bytes are never re-serialised.
 */
public final class ResolvedImage {
  /** The four manifest media types a registry may answer with. */
  public static final List<String> MANIFEST_MEDIA_TYPES =
      List.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  private final ImageReference reference;
  private final Digest digest;
  private final String mediaType;
  private final List<Platform> platforms;
  private final byte[] manifest;

  private ResolvedImage(
      ImageReference reference,
      Digest digest,
      String mediaType,
      List<Platform> platforms,
      byte[] manifest) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
    this.platforms = List.copyOf(platforms);
    this.manifest = manifest;
    if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
      throw new IllegalArgumentException(
          "reference " + reference + " names a different digest than the resolved " + digest);
    }
    if (manifest != null && !digest.matches(manifest)) {
      throw new IllegalArgumentException("manifest bytes do not hash to " + digest);
    }
  }

  /**
   * @param reference the reference that was resolved (a tag, a digest or both)
   * @param digest the manifest's digest
   * @param mediaType the manifest's media type
   * @param platforms the platforms of an index; empty for a single manifest
   * @return the resolved image, without manifest bytes
   */
  public static ResolvedImage of(
      ImageReference reference, Digest digest, String mediaType, List<Platform> platforms) {
    return new ResolvedImage(reference, digest, mediaType, platforms, null);
  }

  /**
   * @param manifest the exact manifest bytes; they must hash to {@link #digest()}
   * @return a copy that carries the bytes
   */
  public ResolvedImage withManifest(byte[] manifest) {
    return new ResolvedImage(reference, digest, mediaType, platforms, manifest.clone());
  }

  /** {@return the reference that was resolved, as given} */
  public ImageReference reference() {
    return reference;
  }

  /** {@return the manifest's digest: the image's identity} */
  public Digest digest() {
    return digest;
  }

  /** {@return the manifest's media type} */
  public String mediaType() {
    return mediaType;
  }

  /** {@return the platforms of an index; empty for a single-platform manifest} */
  public List<Platform> platforms() {
    return platforms;
  }

  /** {@return whether this is an image index (or Docker manifest list)} */
  public boolean isIndex() {
    return mediaType.endsWith("index.v1+json") || mediaType.endsWith("manifest.list.v2+json");
  }

  /** {@return a copy of the manifest bytes, when the registry kept them} */
  public Optional<byte[]> manifest() {
    return Optional.ofNullable(manifest).map(byte[]::clone);
  }

  /** {@return the reference pinned to the digest: {@code registry/repo:tag@sha256:...}} */
  public ImageReference pinned() {
    return reference.withDigest(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResolvedImage r
        && r.reference.equals(reference)
        && r.digest.equals(digest)
        && r.mediaType.equals(mediaType)
        && r.platforms.equals(platforms)
        && Arrays.equals(r.manifest, manifest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reference, digest, mediaType, platforms);
  }

  @Override
  public String toString() {
    return pinned() + " (" + mediaType + (platforms.isEmpty() ? "" : ", " + platforms) + ")";
  }
}
