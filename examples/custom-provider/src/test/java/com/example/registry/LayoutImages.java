package com.example.registry;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Writes images into OCI layouts as {@code skopeo copy ... oci:DIR:TAG} does: the blobs (a config,
 * a layer, the manifests), then an {@code index.json} entry naming the tag, replacing any entry
 * that named it before (which is what a rebuild pushed under the same tag looks like).
 */
final class LayoutImages {
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final Path root;

  /**
   * @param root the directory the registry under test serves
   */
  LayoutImages(Path root) {
    this.root = root;
  }

  /**
   * @param reference repository and tag
   * @return a new single-platform image (unique content) tagged there
   */
  ResolvedImage pushImage(ImageReference reference) {
    OciLayout layout = layout(reference);
    Digest digest = image(layout, "linux", "amd64");
    return tag(layout, reference, MANIFEST, digest, List.of());
  }

  /**
   * @param reference repository and tag
   * @param attestations whether to add an attestation manifest per platform, as buildx does
   * @return a new linux/amd64 + linux/arm64 index tagged there
   */
  ResolvedImage pushIndex(ImageReference reference, boolean attestations) {
    OciLayout layout = layout(reference);
    StringBuilder entries = new StringBuilder();
    for (String arch : List.of("amd64", "arm64")) {
      Digest image = image(layout, "linux", arch);
      entries
          .append(entries.length() == 0 ? "" : ",")
          .append(
              descriptor(
                  layout,
                  image,
                  "\"platform\": {\"architecture\": \"" + arch + "\", \"os\": \"linux\"}"));
      if (attestations) {
        Digest attestation = image(layout, "unknown", "unknown");
        entries
            .append(',')
            .append(
                descriptor(
                    layout,
                    attestation,
                    "\"platform\": {\"architecture\": \"unknown\", \"os\": \"unknown\"}, \"annotations\":"
                        + " {\"vnd.docker.reference.digest\": \""
                        + image
                        + "\","
                        + " \"vnd.docker.reference.type\": \"attestation-manifest\"}"));
      }
    }
    Digest index =
        layout.writeBlob(
            utf8(
                "{\"schemaVersion\": 2, \"mediaType\": \""
                    + OciLayout.INDEX_MEDIA_TYPE
                    + "\", \"manifests\": ["
                    + entries
                    + "]}"));
    return tag(
        layout,
        reference,
        OciLayout.INDEX_MEDIA_TYPE,
        index,
        List.of(Platform.of("linux", "amd64"), Platform.of("linux", "arm64")));
  }

  /** Writes a config, a layer unique to this call, and the manifest over both. */
  private static Digest image(OciLayout layout, String os, String arch) {
    byte[] config =
        utf8(
            "{\"architecture\": \""
                + arch
                + "\", \"os\": \""
                + os
                + "\", \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}}");
    byte[] layer = utf8("layer " + UUID.randomUUID());
    String manifest =
        "{\"schemaVersion\": 2, \"mediaType\": \""
            + MANIFEST
            + "\", \"config\": "
            + descriptor(
                "application/vnd.oci.image.config.v1+json", layout.writeBlob(config), config.length)
            + ", \"layers\": ["
            + descriptor(
                "application/vnd.oci.image.layer.v1.tar", layout.writeBlob(layer), layer.length)
            + "]}";
    return layout.writeBlob(utf8(manifest));
  }

  private static String descriptor(OciLayout layout, Digest manifest, String extra) {
    long size = layout.readBlob(manifest).orElseThrow().length;
    return "{\"mediaType\": \""
        + MANIFEST
        + "\", \"digest\": \""
        + manifest
        + "\", \"size\": "
        + size
        + ", "
        + extra
        + "}";
  }

  private static String descriptor(String mediaType, Digest digest, long size) {
    return "{\"mediaType\": \""
        + mediaType
        + "\", \"digest\": \""
        + digest
        + "\", \"size\": "
        + size
        + "}";
  }

  private static ResolvedImage tag(
      OciLayout layout,
      ImageReference reference,
      String mediaType,
      Digest digest,
      List<Platform> platforms) {
    Tag tag = reference.tag().orElseThrow();
    byte[] bytes = layout.readBlob(digest).orElseThrow();
    layout.updateIndex(
        entries -> {
          OciLayout.putTag(entries, tag, mediaType, digest, bytes.length);
          return new OciLayout.Update<>(true, null);
        });
    return ResolvedImage.of(reference, digest, mediaType, platforms).withManifest(bytes);
  }

  private OciLayout layout(ImageReference reference) {
    return new OciLayout(root.resolve(reference.repository()));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
