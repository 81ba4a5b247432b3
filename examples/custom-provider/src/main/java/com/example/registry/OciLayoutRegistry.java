package com.example.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ImageRegistry} over OCI image layouts on disk: repository {@code acme/shop} of the
 * registry named {@code host} is the layout directory {@code ROOT/acme/shop}. What a pipeline needs
 * from a registry (resolve a tag, add a release tag to the same digest) then works on images
 * exported with {@code skopeo copy docker://... oci:ROOT/acme/shop:sha-...}, with no registry
 * running: useful in air-gapped sites, for archives, and in tests.
 *
 * <pre>{@code
 * ImageRegistry registry = new OciLayoutRegistry("layout.local", Path.of("/srv/images"));
 * PromotionPipeline pipeline = PromotionPipeline.builder()
 *     .repository(ImageReference.parse("layout.local/acme/shop"))
 *     .registry(registry)
 *     ...
 * }</pre>
 *
 * <p>It keeps the promises of the {@link ImageRegistry} contract: the digest is the identity (bytes
 * are checked against it on every read), a tag is only ever pointed at a manifest already in the
 * repository (so what is tagged is byte for byte what was pushed), {@link TagPolicy#NO_CLOBBER}
 * never moves a tag, writing a tag that is already there writes nothing, and concurrent writers,
 * threads or processes, take turns. Manifests are never deleted. Safe for concurrent use.
 */
public final class OciLayoutRegistry implements ImageRegistry {
  /** The annotation buildx puts on the attestation entries of an index. */
  private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private final String host;
  private final Path root;

  /**
   * @param host the registry name that references to this registry use, e.g. {@code layout.local}
   * @param root the directory holding one layout directory per repository
   */
  public OciLayoutRegistry(String host, Path root) {
    this.host = Objects.requireNonNull(host, "host");
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Optional<ResolvedImage> resolve(ImageReference reference) {
    OciLayout layout = layout(reference);
    Optional<Digest> wanted = reference.digest();
    Digest digest;
    if (reference.tag().isPresent()) {
      Optional<JsonNode> entry = layout.entry(reference.tag().get());
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      digest = digestOf(layout, entry.get());
      if (wanted.isPresent() && !wanted.get().equals(digest)) {
        return Optional.empty(); // the tag names another digest than the one asked for
      }
    } else {
      digest =
          wanted.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "reference " + reference + " has neither tag nor digest"));
    }
    return layout.readBlob(digest).flatMap(bytes -> manifest(reference, digest, bytes));
  }

  @Override
  public TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(policy, "policy");
    OciLayout layout = layout(image.reference());
    ImageReference target = image.reference().withoutDigest().withTag(tag);
    // Only a manifest this repository holds can be tagged: the tag then names exactly those bytes.
    byte[] manifest =
        layout
            .readBlob(image.digest())
            .orElseThrow(
                () -> NotFoundException.image(image.reference().withDigest(image.digest())));
    String mediaType =
        manifest(image.reference(), image.digest(), manifest)
            .orElseThrow(
                () ->
                    ProviderException.permanent(
                        "blob "
                            + image.digest()
                            + " in "
                            + layout.directory()
                            + " is not an image manifest or index",
                        "tag an image, not a layer",
                        null))
            .mediaType();

    return layout.updateIndex(
        entries -> {
          Optional<JsonNode> existing = OciLayout.find(entries, tag);
          if (existing.isPresent()) {
            Digest current = digestOf(layout, existing.get());
            if (current.equals(image.digest())) {
              return new OciLayout.Update<>(false, TagResult.ALREADY_PRESENT);
            }
            if (policy == TagPolicy.NO_CLOBBER) {
              throw new TagConflictException(target, current, image.digest());
            }
          }
          OciLayout.putTag(entries, tag, mediaType, image.digest(), manifest.length);
          return new OciLayout.Update<>(
              true, existing.isPresent() ? TagResult.MOVED : TagResult.CREATED);
        });
  }

  /** The layout of a reference's repository, refusing references to another registry. */
  private OciLayout layout(ImageReference reference) {
    if (!reference.registry().equals(host)) {
      throw new IllegalArgumentException("reference " + reference + " is not in registry " + host);
    }
    // ImageReference allows only [a-z0-9._-] and slashes in a repository path, so this stays
    // under root; the check keeps it so if that ever changes.
    Path directory = root.resolve(reference.repository()).normalize();
    if (!directory.startsWith(root)) {
      throw new IllegalArgumentException(
          "repository " + reference.repository() + " is outside " + root);
    }
    return new OciLayout(directory);
  }

  /**
   * Reads a manifest's media type and platforms.
   *
   * @return the image; empty when the bytes are not a manifest or an index (a layer, say)
   */
  private static Optional<ResolvedImage> manifest(
      ImageReference reference, Digest digest, byte[] bytes) {
    Optional<ObjectNode> json = OciLayout.parseObject(bytes);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    String mediaType = mediaTypeOf(json.get());
    if (!ResolvedImage.MANIFEST_MEDIA_TYPES.contains(mediaType)) {
      return Optional.empty();
    }
    return Optional.of(
        ResolvedImage.of(reference, digest, mediaType, platformsOf(json.get()))
            .withManifest(bytes));
  }

  /** The manifest's own mediaType; OCI makes it optional, so it is inferred when absent. */
  private static String mediaTypeOf(ObjectNode manifest) {
    String declared = manifest.path("mediaType").asText("");
    if (!declared.isEmpty()) {
      return declared;
    }
    if (manifest.has("manifests")) {
      return OciLayout.INDEX_MEDIA_TYPE;
    }
    return manifest.has("config") ? "application/vnd.oci.image.manifest.v1+json" : "";
  }

  /** An index's platforms, in order, leaving out entries without one and attestations. */
  private static List<Platform> platformsOf(ObjectNode manifest) {
    List<Platform> platforms = new ArrayList<>();
    for (JsonNode entry : manifest.path("manifests")) {
      JsonNode p = entry.path("platform");
      boolean attestation =
          entry.path("annotations").path(REFERENCE_TYPE).asText("").equals("attestation-manifest");
      if (p.isObject() && !attestation) {
        platforms.add(
            new Platform(
                p.path("os").asText(),
                p.path("architecture").asText(),
                p.path("variant").asText("")));
      }
    }
    return List.copyOf(platforms);
  }

  private static Digest digestOf(OciLayout layout, JsonNode entry) {
    return Digest.tryParse(entry.path("digest").asText(""))
        .orElseThrow(
            () ->
                ProviderException.permanent(
                    "OCI layout "
                        + layout.directory()
                        + ": index.json entry "
                        + entry
                        + " has no valid digest",
                    "repair or re-export the layout",
                    null));
  }

  @Override
  public String toString() {
    return "OciLayoutRegistry[" + host + " at " + root + "]";
  }
}
