package dev.baton.aws.fake;

import dev.baton.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manifests for tests, unique per call. They are pretty-printed with three-space indentation and a
 * trailing newline, as the registry research did on purpose, so that any re-serialisation on the
 * way changes the digest and fails the test. Shapes follow the OCI image-spec ({@code manifest.md},
 * {@code image-index.md}) and Docker's Image Manifest V2 Schema 2.
 */
public final class TestImages {
  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** Docker schema 2 manifest. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker manifest list. */
  public static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  private static final AtomicLong COUNTER = new AtomicLong();

  /**
   * A manifest and what it needs in the repository.
   *
   * @param manifest the exact text
   * @param mediaType its media type
   * @param blobs the config and layer digests it references
   * @param children the platform manifests of an index, which must be pushed first
   */
  public record Image(String manifest, String mediaType, Set<String> blobs, List<Image> children) {
    /**
     * @return the manifest's digest
     */
    public Digest digest() {
      return Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8));
    }
  }

  private TestImages() {}

  /**
   * @return a new single-platform OCI image manifest, with a mediaType field
   */
  public static Image ociImage() {
    return image(OCI_MANIFEST, true, "amd64");
  }

  /**
   * @return a new Docker schema 2 manifest
   */
  public static Image dockerImage() {
    return image(DOCKER_MANIFEST, true, "amd64");
  }

  /**
   * @return a new OCI manifest without a top-level mediaType field, as umoci 0.4.7 writes them
   */
  public static Image ociImageWithoutMediaType() {
    return image(OCI_MANIFEST, false, "amd64");
  }

  /**
   * @return a new OCI index of linux/amd64 and linux/arm64/v8
   */
  public static Image ociIndex() {
    return index(OCI_INDEX, OCI_MANIFEST, false);
  }

  /**
   * @return a new OCI index as buildx writes it with provenance: linux/amd64 and linux/arm64/v8,
   *     each followed by its attestation manifest (platform unknown/unknown)
   */
  public static Image ociIndexWithAttestations() {
    return index(OCI_INDEX, OCI_MANIFEST, true);
  }

  /**
   * @return a new Docker manifest list of linux/amd64 and linux/arm64/v8
   */
  public static Image dockerList() {
    return index(DOCKER_LIST, DOCKER_MANIFEST, false);
  }

  private static Image image(String mediaType, boolean withMediaTypeField, String arch) {
    long n = COUNTER.incrementAndGet();
    String config = blob("config-" + arch + "-" + n);
    String layer = blob("layer-" + arch + "-" + n);
    String configType =
        mediaType.equals(OCI_MANIFEST)
            ? "application/vnd.oci.image.config.v1+json"
            : "application/vnd.docker.container.image.v1+json";
    String layerType =
        mediaType.equals(OCI_MANIFEST)
            ? "application/vnd.oci.image.layer.v1.tar+gzip"
            : "application/vnd.docker.image.rootfs.diff.tar.gzip";
    String manifest =
        "{\n"
            + "   \"schemaVersion\": 2,\n"
            + (withMediaTypeField ? "   \"mediaType\": \"" + mediaType + "\",\n" : "")
            + "   \"config\": {\n"
            + "      \"mediaType\": \""
            + configType
            + "\",\n"
            + "      \"digest\": \""
            + config
            + "\",\n"
            + "      \"size\": 179\n"
            + "   },\n"
            + "   \"layers\": [\n"
            + "      {\n"
            + "         \"mediaType\": \""
            + layerType
            + "\",\n"
            + "         \"digest\": \""
            + layer
            + "\",\n"
            + "         \"size\": 1024\n"
            + "      }\n"
            + "   ]\n"
            + "}\n";
    return new Image(manifest, mediaType, Set.of(config, layer), List.of());
  }

  private static Image index(String indexType, String childType, boolean attestations) {
    Image amd64 = image(childType, true, "amd64");
    Image arm64 = image(childType, true, "arm64");
    List<Image> children = new ArrayList<>(List.of(amd64, arm64));
    String entries =
        entry(childType, amd64, "\"architecture\": \"amd64\",\n            \"os\": \"linux\"")
            + ",\n"
            + entry(
                childType,
                arm64,
                "\"architecture\": \"arm64\",\n            \"os\": \"linux\","
                    + "\n            \"variant\": \"v8\"");
    if (attestations) {
      for (Image subject : List.of(amd64, arm64)) {
        Image attestation = image(childType, true, "unknown");
        children.add(attestation);
        entries += ",\n" + attestation(attestation, subject);
      }
    }
    String manifest =
        "{\n"
            + "   \"schemaVersion\": 2,\n"
            + "   \"mediaType\": \""
            + indexType
            + "\",\n"
            + "   \"manifests\": [\n"
            + entries
            + "\n   ]\n"
            + "}\n";
    return new Image(manifest, indexType, Set.of(), children);
  }

  private static String entry(String childType, Image child, String platform) {
    return "      {\n"
        + "         \"mediaType\": \""
        + childType
        + "\",\n"
        + "         \"digest\": \""
        + child.digest()
        + "\",\n"
        + "         \"size\": "
        + child.manifest().getBytes(StandardCharsets.UTF_8).length
        + ",\n"
        + "         \"platform\": {\n"
        + "            "
        + platform
        + "\n"
        + "         }\n"
        + "      }";
  }

  /**
   * An index entry as buildx writes an attestation: unknown/unknown, annotated with its subject.
   */
  private static String attestation(Image attestation, Image subject) {
    String entry =
        entry(
            OCI_MANIFEST,
            attestation,
            "\"architecture\": \"unknown\",\n            \"os\": \"unknown\"");
    return entry.substring(0, entry.length() - "\n      }".length())
        + ",\n"
        + "         \"annotations\": {\n"
        + "            \"vnd.docker.reference.digest\": \""
        + subject.digest()
        + "\",\n"
        + "            \"vnd.docker.reference.type\": \"attestation-manifest\"\n"
        + "         }\n"
        + "      }";
  }

  private static String blob(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
