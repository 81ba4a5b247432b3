package dev.baton.cli.internal;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.OperationCancelledException;
import dev.baton.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * Plays CI for {@code baton demo --registry}: pushes a small, real OCI image (one empty layer and a
 * config naming the tag, so each commit's image has its own digest) with the OCI distribution API's
 * monolithic blob upload and manifest PUT. Registries that need a bearer token are out of scope:
 * the demo's registry is a local one.
 */
final class OciPush {
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private final URI base;
  private final Providers.RegistryAccess access;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  OciPush(URI base, Providers.RegistryAccess access) {
    this.base = base;
    this.access = access;
  }

  /**
   * @param ref repository and tag to push
   * @return the manifest's digest
   */
  Digest pushImage(ImageReference ref) {
    String tag = ref.tag().orElseThrow().value();
    byte[] layer = emptyLayer();
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":"
                + "{\"dev.baton.demo.tag\":\""
                + tag
                + "\"}},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\""
                + Digest.sha256(new byte[1024])
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String repo = ref.repository();
    blob(repo, layer);
    blob(repo, config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MANIFEST
                + "\",\"config\":{"
                + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.sha256(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + Digest.sha256(layer)
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    send(
        request(base.resolve("/v2/" + repo + "/manifests/" + tag))
            .header("Content-Type", MANIFEST)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
        201,
        "push manifest " + ref);
    return Digest.sha256(manifest);
  }

  private void blob(String repo, byte[] content) {
    HttpResponse<String> start =
        send(
            request(base.resolve("/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()),
            202,
            "start a blob upload to " + repo);
    String location =
        start
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> failure("the registry gave no upload Location", null));
    URI upload = base.resolve(location);
    String sep = upload.getQuery() == null ? "?" : "&";
    send(
        request(URI.create(upload + sep + "digest=" + Digest.sha256(content)))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
        201,
        "upload a blob to " + repo);
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (access.username().isPresent() && access.password().isPresent()) {
      String basic = access.username().get() + ":" + access.password().get().reveal();
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, int expected, String what) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw failure("cannot " + what + ": HTTP " + r.statusCode() + " " + r.body().strip(), null);
      }
      return r;
    } catch (IOException e) {
      throw failure("cannot " + what + ": " + e, e);
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted(
          "demo CI push to " + base + ": trying to " + what, e);
    }
  }

  /** A gzip-compressed empty tar archive: two 512-byte zero blocks. */
  private static byte[] emptyLayer() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(new byte[1024]);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private ProviderException failure(String message, Throwable cause) {
    return ProviderException.permanent(
        "demo CI push to " + base + ": " + message,
        "check that a registry listens at " + base + " and accepts pushes",
        cause);
  }
}
