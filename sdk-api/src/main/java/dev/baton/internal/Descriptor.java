package dev.baton.internal;

import dev.baton.Digest;
import dev.baton.spi.Platform;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI content descriptor (image-spec {@code descriptor.md}) as read from a manifest: what a
 * manifest references by digest.
 *
 * @param mediaType the referenced content's media type
 * @param digest its digest
 * @param size its size in bytes; -1 when the descriptor gives none
 * @param platform for an index entry, the platform it serves
 * @param urls alternate locations; a non-empty list marks a foreign layer the registry may lack
 * @param annotations its string annotations
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<Platform> platform,
    List<String> urls,
    Map<String, String> annotations) {
  /** Docker's annotation naming what an index entry written by buildx is. */
  public static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  /** The {@link #REFERENCE_TYPE} of a buildx attestation entry. */
  public static final String ATTESTATION_MANIFEST = "attestation-manifest";

  /**
   * Copies the list and the map.
   *
   * @param mediaType the referenced content's media type
   * @param digest its digest
   * @param size its size in bytes; -1 when the descriptor gives none
   * @param platform for an index entry, the platform it serves
   * @param urls alternate locations; a non-empty list marks a foreign layer the registry may lack
   * @param annotations its string annotations
   */
  public Descriptor {
    urls = List.copyOf(urls);
    annotations = Map.copyOf(annotations);
  }

  /**
   * Whether this index entry is a buildx attestation (provenance, SBOM) rather than an image: its
   * platform is {@code unknown/unknown} and nothing runs it.
   *
   * @return whether {@link #REFERENCE_TYPE} is {@value #ATTESTATION_MANIFEST}
   */
  public boolean isAttestation() {
    return ATTESTATION_MANIFEST.equals(annotations.get(REFERENCE_TYPE));
  }
}
