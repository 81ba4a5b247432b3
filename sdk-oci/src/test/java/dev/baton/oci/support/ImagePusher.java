package dev.baton.oci.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes test images over plain HTTP with the JDK's client alone, independently of the code under
 * test: a gzipped tar layer with unique content (mtime 0), a config whose {@code rootfs.diff_ids}
 * name the tar, each blob by {@code POST} + {@code PUT ?digest=}, then the manifest by tag. An
 * index pushes its children by digest first.
 *
 * <p>Manifests are pretty-printed with three-space indents on purpose: any tool that parses and
 * re-emits them changes the digest, which the tests would then see.
 */
public final class ImagePusher {
  /** Which manifest format to push. */
  public enum Style {
    /** OCI image manifest / OCI index, with a {@code mediaType} field. */
    OCI,
    /** OCI, but without the {@code mediaType} field (as umoci 0.4.7 writes them). */
    OCI_WITHOUT_MEDIA_TYPE,
    /** Docker schema 2 manifest / manifest list. */
    DOCKER
  }

  /**
   * What was pushed.
   *
   * @param reference the repository and tag
   * @param digest the manifest's digest
   * @param mediaType its media type
   * @param manifest its exact bytes
   * @param platforms the index's platforms, else empty
   * @param blobs every distinct blob pushed (configs and layers)
   */
  public record Pushed(
      ImageReference reference,
      Digest digest,
      String mediaType,
      byte[] manifest,
      List<Platform> platforms,
      List<Digest> blobs) {
    /**
     * @return the image as {@code resolve} gives it
     */
    public ResolvedImage resolved() {
      return ResolvedImage.of(reference, digest, mediaType, platforms).withManifest(manifest);
    }
  }

  private static final AtomicLong COUNTER = new AtomicLong();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String host;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String basic;
  private final TokenServer tokens;
  private final Map<String, String> tokenByRepo = new ConcurrentHashMap<>();

  private ImagePusher(String host, String basic, TokenServer tokens) {
    this.host = host;
    this.basic = basic;
    this.tokens = tokens;
  }

  /**
   * @param host {@code 127.0.0.1:port} @return an anonymous pusher
   */
  public static ImagePusher anonymous(String host) {
    return new ImagePusher(host, null, null);
  }

  /**
   * @param host the registry @param user user @param password password @return a Basic pusher
   */
  public static ImagePusher basic(String host, String user, String password) {
    return new ImagePusher(host, basicHeader(user, password), null);
  }

  /**
   * @param host the registry
   * @param tokens its token server
   * @param user a user with pull and push
   * @param password its password
   * @return a pusher that gets a Bearer token per repository
   */
  public static ImagePusher bearer(String host, TokenServer tokens, String user, String password) {
    return new ImagePusher(host, basicHeader(user, password), tokens);
  }

  /**
   * @param reference repository and tag
   * @param style the format
   * @param layers how many layers (each with unique content)
   * @return what was pushed
   */
  public Pushed pushImage(ImageReference reference, Style style, int layers) {
    Built b = buildImage(reference.repository(), style, layers, "amd64");
    putManifest(
        reference.repository(), reference.tag().orElseThrow().value(), b.mediaType, b.bytes);
    return new Pushed(reference, Digest.sha256(b.bytes), b.mediaType, b.bytes, List.of(), b.blobs);
  }

  /**
   * A two-platform index (linux/amd64, linux/arm64), children pushed by digest, index by tag.
   *
   * @param reference repository and tag
   * @param style the format
   * @return what was pushed
   */
  public Pushed pushIndex(ImageReference reference, Style style) {
    return pushIndex(reference, style, false);
  }

  /**
   * An OCI index as buildx pushes it with provenance: linux/amd64 and linux/arm64, then for each an
   * attestation manifest listed as platform unknown/unknown, annotated {@code
   * vnd.docker.reference.type: attestation-manifest}. Its platforms are the two images'.
   *
   * @param reference repository and tag
   * @return what was pushed
   */
  public Pushed pushIndexWithAttestations(ImageReference reference) {
    return pushIndex(reference, Style.OCI, true);
  }

  private Pushed pushIndex(ImageReference reference, Style style, boolean attestations) {
    String repo = reference.repository();
    List<Digest> blobs = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    List<String> attestationEntries = new ArrayList<>();
    List<Platform> platforms =
        List.of(Platform.of("linux", "amd64"), Platform.of("linux", "arm64"));
    for (Platform p : platforms) {
      Digest d =
          pushChild(
              repo,
              style,
              p.architecture(),
              blobs,
              entries,
              "\"architecture\": \"" + p.architecture() + "\",\n            \"os\": \"linux\"",
              "");
      if (attestations) {
        pushChild(
            repo,
            style,
            "unknown",
            blobs,
            attestationEntries,
            "\"architecture\": \"unknown\",\n            \"os\": \"unknown\"",
            ",\n         \"annotations\": {\n            \"vnd.docker.reference.digest\": \""
                + d
                + "\",\n            \"vnd.docker.reference.type\": \"attestation-manifest\"\n"
                + "         }");
      }
    }
    entries.addAll(attestationEntries);
    String type =
        style == Style.DOCKER
            ? "application/vnd.docker.distribution.manifest.list.v2+json"
            : "application/vnd.oci.image.index.v1+json";
    String json =
        manifestHead(style, type) + "   \"manifests\": [" + String.join(",", entries) + "\n   ]\n}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    putManifest(repo, reference.tag().orElseThrow().value(), type, bytes);
    return new Pushed(reference, Digest.sha256(bytes), type, bytes, platforms, blobs);
  }

  /** Pushes one child image by digest and adds its index entry; returns its digest. */
  private Digest pushChild(
      String repo,
      Style style,
      String arch,
      List<Digest> blobs,
      List<String> entries,
      String platform,
      String more) {
    Built child = buildImage(repo, style, 1, arch);
    Digest d = Digest.sha256(child.bytes);
    putManifest(repo, d.toString(), child.mediaType, child.bytes);
    blobs.addAll(child.blobs);
    entries.add(
        "\n      {\n         \"mediaType\": \""
            + child.mediaType
            + "\",\n         \"digest\": \""
            + d
            + "\",\n         \"size\": "
            + child.bytes.length
            + ",\n         \"platform\": {\n"
            + "            "
            + platform
            + "\n         }"
            + more
            + "\n      }");
    return d;
  }

  private record Built(String mediaType, byte[] bytes, List<Digest> blobs) {}

  private Built buildImage(String repo, Style style, int layers, String arch) {
    boolean docker = style == Style.DOCKER;
    String layerType =
        docker
            ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
            : "application/vnd.oci.image.layer.v1.tar+gzip";
    List<Digest> blobs = new ArrayList<>();
    StringBuilder layerJson = new StringBuilder();
    StringBuilder diffIds = new StringBuilder();
    for (int i = 0; i < layers; i++) {
      byte[] tar =
          tar(
              "file-" + i + ".txt",
              ("layer "
                      + i
                      + " of image "
                      + COUNTER.incrementAndGet()
                      + " "
                      + UUID.randomUUID()
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8));
      byte[] gz = gzip(tar);
      Digest d = pushBlob(repo, gz);
      blobs.add(d);
      diffIds.append(i == 0 ? "" : ", ").append('"').append(Digest.sha256(tar)).append('"');
      layerJson
          .append(i == 0 ? "" : ",")
          .append("\n      {\n         \"mediaType\": \"")
          .append(layerType)
          .append("\",\n         \"digest\": \"")
          .append(d)
          .append("\",\n         \"size\": ")
          .append(gz.length)
          .append("\n      }");
    }
    byte[] config =
        ("{\n   \"architecture\": \""
                + arch
                + "\",\n   \"os\": \"linux\",\n"
                + "   \"config\": {\"Cmd\": [\"/file-0.txt\"]},\n"
                + "   \"created\": \"1970-01-01T00:00:00Z\",\n"
                + "   \"rootfs\": {\"type\": \"layers\", \"diff_ids\": ["
                + diffIds
                + "]}\n}")
            .getBytes(StandardCharsets.UTF_8);
    Digest configDigest = pushBlob(repo, config);
    blobs.add(0, configDigest);
    String type =
        docker
            ? "application/vnd.docker.distribution.manifest.v2+json"
            : "application/vnd.oci.image.manifest.v1+json";
    String configType =
        docker
            ? "application/vnd.docker.container.image.v1+json"
            : "application/vnd.oci.image.config.v1+json";
    String json =
        manifestHead(style, type)
            + "   \"config\": {\n      \"mediaType\": \""
            + configType
            + "\",\n      \"digest\": \""
            + configDigest
            + "\",\n      \"size\": "
            + config.length
            + "\n   },\n"
            + "   \"layers\": ["
            + layerJson
            + "\n   ]\n}";
    return new Built(type, json.getBytes(StandardCharsets.UTF_8), blobs);
  }

  private Digest pushBlob(String repo, byte[] blob) {
    Digest d = Digest.sha256(blob);
    HttpResponse<String> start =
        send(
            repo,
            HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    expect(start, 202, "starting upload");
    String location = start.headers().firstValue("Location").orElseThrow();
    URI loc = uri("/").resolve(location);
    URI put =
        URI.create(
            loc
                + (loc.getRawQuery() == null ? "?" : "&")
                + "digest="
                + URLEncoder.encode(d.toString(), StandardCharsets.UTF_8));
    expect(
        send(
            repo,
            HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))),
        201,
        "uploading blob");
    return d;
  }

  private void putManifest(String repo, String reference, String type, byte[] bytes) {
    HttpResponse<String> r =
        send(
            repo,
            HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    expect(r, 201, "pushing manifest " + reference);
  }

  private HttpResponse<String> send(String repo, HttpRequest.Builder b) {
    String auth = authorization(repo);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return send(b.build());
  }

  /** Sends {@code request}, reading the body as text; I/O failures and interrupts unchecked. */
  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String authorization(String repo) {
    if (tokens == null) {
      return basic;
    }
    return tokenByRepo.computeIfAbsent(
        repo,
        r -> {
          URI u =
              URI.create(
                  tokens.realm()
                      + "?service="
                      + TokenServer.SERVICE
                      + "&scope="
                      + URLEncoder.encode(
                          "repository:" + r + ":pull,push", StandardCharsets.UTF_8));
          HttpResponse<String> resp =
              send(HttpRequest.newBuilder(u).header("Authorization", basic).build());
          expect(resp, 200, "getting a push token");
          try {
            return "Bearer " + JSON.readTree(resp.body()).path("token").asText();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private URI uri(String path) {
    return URI.create("http://" + host + path);
  }

  /**
   * A manifest's opening lines: the schema version, and the media type unless the style omits it.
   */
  private static String manifestHead(Style style, String mediaType) {
    return "{\n   \"schemaVersion\": 2,\n"
        + (style == Style.OCI_WITHOUT_MEDIA_TYPE
            ? ""
            : "   \"mediaType\": \"" + mediaType + "\",\n");
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  private static String basicHeader(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A one-file ustar archive (POSIX.1-1988), mtime 0, so equal content gives equal bytes. */
  static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, "00000000000");
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512 + 1024]);
    return out.toByteArray();
  }

  private static void put(byte[] header, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, b.length);
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
