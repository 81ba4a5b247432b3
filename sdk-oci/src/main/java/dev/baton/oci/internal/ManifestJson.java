package dev.baton.oci.internal;

import dev.baton.Digest;
import dev.baton.ProviderException;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of a manifest's JSON: its declared {@code mediaType}, the manifests an index
 * lists, and the blobs an image manifest references. It is only ever read; the bytes that travel
 * are always the original ones, since re-serialising would change the digest. Parsed by
 * {@link Json} (streaming, no data binding).
 */
public final class ManifestJson {
  private final Map<String, Object> root;
  private final RequestSubject site;

  private ManifestJson(Map<String, Object> root, RequestSubject site) {
    this.root = root;
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
      Object root = Json.parse(bytes);
      if (!(root instanceof Map<?, ?>)) {
        throw new IOException("not a JSON object");
      }
      return new ManifestJson(Json.object(root), site);
    } catch (IOException e) {
      throw ProviderException.permanent("the manifest of " + site + " is not valid JSON ("
          + site.describe() + "): " + e.getMessage(), "the registry returned something other"
          + " than a manifest; check that the host is an OCI registry", e);
    }
  }

  /** The top-level {@code mediaType} field; empty when absent (allowed by the OCI spec). */
  public Optional<String> mediaTypeField() {
    return root.get("mediaType") instanceof String s ? Optional.of(s) : Optional.empty();
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
        throw ProviderException.permanent("the manifest of " + site + " says mediaType "
            + field.get() + " but was served as " + header.get() + " (" + site.describe() + ")",
            "the registry serves an inconsistent manifest; report it to its operator",
            null);
      }
      return header.get();
    }
    if (field.isPresent() && ResolvedImage.MANIFEST_MEDIA_TYPES.contains(field.get())) {
      return field.get();
    }
    if (field.isEmpty() && Json.longValue(root.get("schemaVersion"), 0) == 2) {
      if (root.containsKey("manifests")) {
        return "application/vnd.oci.image.index.v1+json";
      }
      if (root.containsKey("config") && root.containsKey("layers")) {
        return "application/vnd.oci.image.manifest.v1+json";
      }
    }
    throw ProviderException.permanent("the manifest of " + site + " has media type "
        + field.or(() -> header).orElse("(none)") + ", which is not an OCI or Docker schema 2"
        + " manifest or index (" + site.describe() + ")",
        "only OCI and Docker schema 2 manifests and indexes can be promoted; re-push the image"
            + " with a current tool", null);
  }

  /** The manifests an index lists, in order. */
  public List<Descriptor> manifests() {
    return descriptors(root.get("manifests"));
  }

  /** The blobs an image manifest references: its config, then its layers (and an artifact's blobs). */
  public List<Descriptor> blobs() {
    List<Descriptor> out = new ArrayList<>();
    if (root.containsKey("config")) {
      out.add(descriptor(root.get("config")));
    }
    out.addAll(descriptors(root.get("layers")));
    out.addAll(descriptors(root.get("blobs")));
    return out;
  }

  /** The platforms of an index's entries, in order; entries without a platform are skipped. */
  public List<Platform> platforms() {
    List<Platform> out = new ArrayList<>();
    for (Descriptor d : manifests()) {
      d.platform().ifPresent(out::add);
    }
    return out;
  }

  private List<Descriptor> descriptors(Object array) {
    List<Descriptor> out = new ArrayList<>();
    for (Object n : Json.elements(array)) {
      out.add(descriptor(n));
    }
    return out;
  }

  private Descriptor descriptor(Object value) {
    Map<String, Object> n = Json.object(value);
    Optional<Digest> digest = Digest.tryParse(Json.text(n.get("digest"), null));
    if (digest.isEmpty()) {
      throw ProviderException.permanent("the manifest of " + site
          + " has a descriptor with digest \"" + Json.text(n.get("digest"), "")
          + "\", which is not a digest (" + site.describe()
          + ")", "the manifest is corrupt; rebuild and push the image", null);
    }
    Optional<Platform> platform = Optional.empty();
    if (n.get("platform") instanceof Map<?, ?>) {
      Map<String, Object> p = Json.object(n.get("platform"));
      String os = Json.text(p.get("os"), "");
      String architecture = Json.text(p.get("architecture"), "");
      if (!os.isBlank() && !architecture.isBlank()) {
        platform = Optional.of(new Platform(os, architecture, Json.text(p.get("variant"), "")));
      }
    }
    List<String> urls = new ArrayList<>();
    for (Object u : Json.elements(n.get("urls"))) {
      urls.add(Json.text(u, "null"));
    }
    return new Descriptor(Json.text(n.get("mediaType"), ""), digest.get(),
        Json.longValue(n.get("size"), -1), platform, urls);
  }

  /** Whether a descriptor's media type names a manifest or index rather than a blob. */
  public static boolean isManifestType(String mediaType) {
    return ResolvedImage.MANIFEST_MEDIA_TYPES.contains(mediaType);
  }

  private static String stripParameters(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim()
        .toLowerCase(Locale.ROOT);
  }
}
