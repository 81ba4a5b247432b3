package dev.baton.oci.internal;

import dev.baton.ProviderException;
import dev.baton.internal.Descriptor;
import dev.baton.internal.Manifest;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A manifest as this provider reads it: the shared {@link Manifest} model (the same reading and
 * attestation rule as every registry provider), with its errors naming the registry site, and the
 * decision of the media type from the response's {@code Content-Type}. It is only ever read; the
 * bytes that travel are always the original ones, since re-serialising would change the digest.
 */
public final class ManifestJson {
  private final Manifest manifest;
  private final RequestSubject site;

  private ManifestJson(Manifest manifest, RequestSubject site) {
    this.manifest = manifest;
    this.site = site;
  }

  /**
   * @param bytes the manifest bytes
   * @param site where they came from, for errors
   * @return the view
   * @throws ProviderException when the bytes are not a JSON object
   */
  public static ManifestJson parse(byte[] bytes, RequestSubject site) {
    try {
      return new ManifestJson(Manifest.parse(bytes), site);
    } catch (IllegalArgumentException e) {
      throw ProviderException.permanent(
          "the manifest of "
              + site
              + " is not valid JSON ("
              + site.describe()
              + "): "
              + e.getMessage(),
          "the registry returned something other"
              + " than a manifest; check that the host is an OCI registry",
          e);
    }
  }

  /**
   * {@return the top-level {@code mediaType} field; empty when absent (allowed by the OCI spec)}
   */
  public Optional<String> mediaTypeField() {
    return manifest.mediaTypeField();
  }

  /**
   * Decides the manifest's media type. The response's {@code Content-Type} wins when it is one of
   * the four manifest types; the spec requires a {@code mediaType} field, when present, to agree
   * with it. Without a usable {@code Content-Type} (some registries send {@code application/json}),
   * the field decides, then the shape ({@code manifests} makes an OCI index, {@code config} and
   * {@code layers} an OCI manifest).
   *
   * @param contentType the response's {@code Content-Type}, parameters allowed
   * @return one of {@link ResolvedImage#MANIFEST_MEDIA_TYPES}
   * @throws ProviderException when the two disagree or the type is not a manifest type
   */
  public String mediaType(Optional<String> contentType) {
    Optional<String> header = contentType.map(ManifestJson::stripParameters);
    Optional<String> field = mediaTypeField();
    if (header.isPresent() && ResolvedImage.MANIFEST_MEDIA_TYPES.contains(header.get())) {
      if (field.isPresent() && !field.get().equals(header.get())) {
        throw ProviderException.permanent(
            "the manifest of "
                + site
                + " says mediaType "
                + field.get()
                + " but was served as "
                + header.get()
                + " ("
                + site.describe()
                + ")",
            "the registry serves an inconsistent manifest; report it to its operator",
            null);
      }
      return header.get();
    }
    if (field.isPresent() && ResolvedImage.MANIFEST_MEDIA_TYPES.contains(field.get())) {
      return field.get();
    }
    if (field.isEmpty() && manifest.schemaVersion() == 2) {
      if (manifest.has("manifests")) {
        return "application/vnd.oci.image.index.v1+json";
      }
      if (manifest.has("config") && manifest.has("layers")) {
        return "application/vnd.oci.image.manifest.v1+json";
      }
    }
    throw ProviderException.permanent(
        "the manifest of "
            + site
            + " has media type "
            + field.or(() -> header).orElse("(none)")
            + ", which is not an OCI or Docker schema 2"
            + " manifest or index ("
            + site.describe()
            + ")",
        "only OCI and Docker schema 2 manifests and indexes can be promoted; re-push the image"
            + " with a current tool",
        null);
  }

  /** {@return the manifests an index lists, in order, attestation entries included} */
  public List<Descriptor> manifests() {
    return read(manifest::manifests);
  }

  /**
   * {@return the blobs an image manifest references: its config, then its layers (and an artifact's
   * blobs)}
   */
  public List<Descriptor> blobs() {
    return read(manifest::blobs);
  }

  /** {@return the platforms of an index, in order, as {@link Manifest#platforms()} reads them} */
  public List<Platform> platforms() {
    return read(manifest::platforms);
  }

  private <T> T read(Supplier<T> part) {
    try {
      return part.get();
    } catch (IllegalArgumentException e) {
      throw ProviderException.permanent(
          "the manifest of " + site + " " + e.getMessage() + " (" + site.describe() + ")",
          "the manifest is corrupt; rebuild and push the image",
          null);
    }
  }

  /**
   * Whether a descriptor's media type names a manifest or index rather than a blob.
   *
   * @param mediaType a descriptor's {@code mediaType}
   * @return true for an image manifest or an index, false for a blob
   */
  public static boolean isManifestType(String mediaType) {
    return ResolvedImage.MANIFEST_MEDIA_TYPES.contains(mediaType);
  }

  private static String stripParameters(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
