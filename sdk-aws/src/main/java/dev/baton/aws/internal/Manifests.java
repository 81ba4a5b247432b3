package dev.baton.aws.internal;

import dev.baton.spi.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the two things promotion needs from a manifest without touching its bytes: the
 * {@code mediaType} field (absent in some OCI manifests, such as umoci's) and, for an index, the
 * platforms of its entries.
 */
public final class Manifests {
  /** Docker's annotation on buildx attestation entries, which are not runnable platforms. */
  private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private Manifests() {}

  /**
   * @param manifest the manifest text
   * @return its top-level {@code mediaType} field, when present
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static Optional<String> mediaTypeField(String manifest) {
    Object mediaType = Json.parseObject(manifest).get("mediaType");
    return mediaType instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  /**
   * The platforms of an OCI image index or Docker manifest list, in index order. Entries without
   * a platform, and buildx attestation entries, are left out.
   *
   * @param manifest the index text
   * @return the platforms; empty when the manifest lists none
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static List<Platform> platforms(String manifest) {
    Object entries = Json.parseObject(manifest).get("manifests");
    List<Platform> platforms = new ArrayList<>();
    if (!(entries instanceof List<?> list)) {
      return platforms;
    }
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> descriptor) || isAttestation(descriptor)) {
        continue;
      }
      if (descriptor.get("platform") instanceof Map<?, ?> platform
          && platform.get("os") instanceof String os && !os.isBlank()
          && platform.get("architecture") instanceof String arch && !arch.isBlank()) {
        String variant = platform.get("variant") instanceof String v ? v : "";
        platforms.add(new Platform(os, arch, variant));
      }
    }
    return platforms;
  }

  private static boolean isAttestation(Map<?, ?> descriptor) {
    return descriptor.get("annotations") instanceof Map<?, ?> annotations
        && "attestation-manifest".equals(annotations.get(REFERENCE_TYPE));
  }
}
