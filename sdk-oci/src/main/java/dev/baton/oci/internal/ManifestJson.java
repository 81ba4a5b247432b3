package dev.baton.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.Digest;
import dev.baton.ProviderException;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A read-only view of a manifest's JSON: its declared {@code mediaType}, the manifests an index
 * lists, and the blobs an image manifest references. It is only ever read; the bytes that travel
 * are always the original ones, since re-serialising would change the digest.
 */
public final class ManifestJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode root;
  private final Site site;

  private ManifestJson(JsonNode root, Site site) {
    this.root = root;
    this.site = site;
  }

  /**
   * @param bytes the manifest bytes
   * @param site where they came from, for errors
   * @return the view
   * @throws ProviderException when the bytes are not a JSON object
   */
  public static ManifestJson parse(byte[] bytes, Site site) {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || !root.isObject()) {
        throw new IOException("not a JSON object");
      }
      return new ManifestJson(root, site);
    } catch (IOException e) {
      throw new ProviderException("the manifest of " + site + " is not valid JSON ("
          + site.describe() + "): " + e.getMessage(), "the registry returned something other"
          + " than a manifest; check that the host is an OCI registry", false, e);
    }
  }

  /** The top-level {@code mediaType} field; empty when absent (allowed by the OCI spec). */
  public Optional<String> mediaTypeField() {
    JsonNode n = root.get("mediaType");
    return n == null || !n.isTextual() ? Optional.empty() : Optional.of(n.asText());
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
        throw new ProviderException("the manifest of " + site + " says mediaType "
            + field.get() + " but was served as " + header.get() + " (" + site.describe() + ")",
            "the registry serves an inconsistent manifest; report it to its operator", false,
            null);
      }
      return header.get();
    }
    if (field.isPresent() && ResolvedImage.MANIFEST_MEDIA_TYPES.contains(field.get())) {
      return field.get();
    }
    if (field.isEmpty() && root.path("schemaVersion").asInt() == 2) {
      if (root.has("manifests")) {
        return "application/vnd.oci.image.index.v1+json";
      }
      if (root.has("config") && root.has("layers")) {
        return "application/vnd.oci.image.manifest.v1+json";
      }
    }
    throw new ProviderException("the manifest of " + site + " has media type "
        + field.or(() -> header).orElse("(none)") + ", which is not an OCI or Docker schema 2"
        + " manifest or index (" + site.describe() + ")",
        "only OCI and Docker schema 2 manifests and indexes can be promoted; re-push the image"
            + " with a current tool", false, null);
  }

  /** The manifests an index lists, in order. */
  public List<Descriptor> manifests() {
    return descriptors(root.path("manifests"));
  }

  /** The blobs an image manifest references: its config, then its layers (and an artifact's blobs). */
  public List<Descriptor> blobs() {
    List<Descriptor> out = new ArrayList<>();
    if (root.has("config")) {
      out.add(descriptor(root.get("config")));
    }
    out.addAll(descriptors(root.path("layers")));
    out.addAll(descriptors(root.path("blobs")));
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

  private List<Descriptor> descriptors(JsonNode array) {
    List<Descriptor> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(descriptor(n));
    }
    return out;
  }

  private Descriptor descriptor(JsonNode n) {
    Optional<Digest> digest = Digest.tryParse(n.path("digest").asText(null));
    if (digest.isEmpty()) {
      throw new ProviderException("the manifest of " + site + " has a descriptor with digest \""
          + n.path("digest").asText("") + "\", which is not a digest (" + site.describe() + ")",
          "the manifest is corrupt; rebuild and push the image", false, null);
    }
    Optional<Platform> platform = Optional.empty();
    JsonNode p = n.get("platform");
    if (p != null && p.isObject() && !p.path("os").asText("").isBlank()
        && !p.path("architecture").asText("").isBlank()) {
      platform = Optional.of(new Platform(p.path("os").asText(), p.path("architecture").asText(),
          p.path("variant").asText("")));
    }
    List<String> urls = new ArrayList<>();
    n.path("urls").forEach(u -> urls.add(u.asText()));
    return new Descriptor(n.path("mediaType").asText(""), digest.get(), n.path("size").asLong(-1),
        platform, urls);
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
