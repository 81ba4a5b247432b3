package dev.baton.oci.internal;

import dev.baton.Digest;
import dev.baton.spi.Platform;
import java.util.List;
import java.util.Optional;

/**
 * An OCI content descriptor (image-spec {@code descriptor.md}) as read from a manifest: what a
 * manifest references by digest.
 *
 * @param mediaType the referenced content's media type
 * @param digest its digest
 * @param size its size in bytes
 * @param platform for an index entry, the platform it serves
 * @param urls alternate locations; a non-empty list marks a foreign layer the registry may lack
 */
public record Descriptor(String mediaType, Digest digest, long size, Optional<Platform> platform,
    List<String> urls) {
  /** Copies the list. */
  public Descriptor {
    urls = List.copyOf(urls);
  }
}
