package dev.baton.internal;

import dev.baton.Digest;
import dev.baton.spi.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of an image manifest or index, the one every registry provider reads: its {@code
 * mediaType} field, the manifests an index lists, the blobs an image manifest references, and the
 * platforms an index serves. It is only ever read, by {@link Json}: the bytes that travel are
 * always the original ones, since re-serialising would change the digest.
 *
 * <p>The platforms of an index are those of its entries that have one, in index order, except
 * buildx attestation entries ({@link Descriptor#isAttestation()}): they carry the platform {@code
 * unknown/unknown} and are not images anyone runs. They stay in {@link #manifests()}, so that a
 * copy moves the index whole.
 */
public final class Manifest {
  private final Map<String, Object> root;

  private Manifest(Map<String, Object> root) {
    this.root = root;
  }

  /**
   * @param bytes the manifest's UTF-8 bytes
   * @return the view
   * @throws IllegalArgumentException when the bytes are not a JSON object
   */
  public static Manifest parse(byte[] bytes) {
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * @param text the manifest text
   * @return the view
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static Manifest parse(String text) {
    return new Manifest(Json.parseObject(text));
  }

  /**
   * @return the top-level {@code mediaType} field as written (possibly blank); empty when absent or
   *     not a string (the OCI spec allows it to be absent)
   */
  public Optional<String> mediaTypeField() {
    return root.get("mediaType") instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /**
   * @return the {@code schemaVersion} field; 0 when absent or not an integer
   */
  public long schemaVersion() {
    return Json.longValue(root.get("schemaVersion"), 0);
  }

  /**
   * @param field a top-level field name
   * @return whether the manifest has it (with any value, null included)
   */
  public boolean has(String field) {
    return root.containsKey(field);
  }

  /**
   * @return the manifests an index lists, in order, attestation entries included
   * @throws IllegalArgumentException when an entry's digest is not a digest
   */
  public List<Descriptor> manifests() {
    return descriptors(root.get("manifests"));
  }

  /**
   * @return the blobs an image manifest references: its config, then its layers (and an artifact's
   *     blobs)
   * @throws IllegalArgumentException when a descriptor's digest is not a digest
   */
  public List<Descriptor> blobs() {
    List<Descriptor> out = new ArrayList<>();
    if (root.containsKey("config")) {
      out.add(descriptor(root.get("config")));
    }
    out.addAll(descriptors(root.get("layers")));
    out.addAll(descriptors(root.get("blobs")));
    return out;
  }

  /**
   * @return the platforms of an index's entries, in order, leaving out entries without a platform
   *     and attestation entries; empty for an image manifest
   * @throws IllegalArgumentException when an entry's digest is not a digest
   */
  public List<Platform> platforms() {
    List<Platform> out = new ArrayList<>();
    for (Descriptor d : manifests()) {
      if (!d.isAttestation()) {
        d.platform().ifPresent(out::add);
      }
    }
    return out;
  }

  private static List<Descriptor> descriptors(Object array) {
    List<Descriptor> out = new ArrayList<>();
    if (array instanceof List<?> list) {
      for (Object n : list) {
        out.add(descriptor(n));
      }
    }
    return out;
  }

  private static Descriptor descriptor(Object value) {
    Map<String, Object> n = Json.object(value);
    String digestText = Json.text(n.get("digest"), "");
    Optional<Digest> digest = Digest.tryParse(digestText);
    if (digest.isEmpty()) {
      throw new IllegalArgumentException(
          "has a descriptor with digest \"" + digestText + "\", which is not a digest");
    }
    Optional<Platform> platform = Optional.empty();
    if (n.get("platform") instanceof Map<?, ?> p) {
      String os = Json.text(p.get("os"), "");
      String architecture = Json.text(p.get("architecture"), "");
      if (!os.isBlank() && !architecture.isBlank()) {
        platform = Optional.of(new Platform(os, architecture, Json.text(p.get("variant"), "")));
      }
    }
    List<String> urls = new ArrayList<>();
    if (n.get("urls") instanceof List<?> list) {
      for (Object u : list) {
        urls.add(Json.text(u, "null"));
      }
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (n.get("annotations") instanceof Map<?, ?> a) {
      a.forEach(
          (k, v) -> {
            if (v instanceof String s) {
              annotations.put(String.valueOf(k), s);
            }
          });
    }
    return new Descriptor(
        Json.text(n.get("mediaType"), ""),
        digest.get(),
        Json.longValue(n.get("size"), -1),
        platform,
        urls,
        annotations);
  }
}
