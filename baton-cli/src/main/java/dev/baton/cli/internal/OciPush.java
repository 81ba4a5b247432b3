package dev.baton.cli.internal;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.OperationCancelledException;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.internal.TooLargeException;
import dev.baton.internal.http.BoundedBodies;
import dev.baton.oci.OciImageRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Plays CI for {@code baton demo --registry}: pushes a small, real OCI image (one empty layer and a
 * config naming the tag, so each commit's image has its own digest) with the OCI distribution API's
 * monolithic blob upload and manifest PUT. Registries that need a bearer token are out of scope:
 * the demo's registry is a local one.
 *
 * <p>Its answers are read with the SDK's limits ({@link OciImageRegistry}'s defaults): 60 seconds
 * for the headers, 60 more for the body, a 2xx body of at most 4 MiB and an error body cut to 64
 * KiB. A registry that stalls, trickles or sends an endless body fails the push with a typed error
 * naming the limit instead of holding the demo for ever.
 */
final class OciPush {
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private final URI base;
  private final Providers.RegistryAccess access;
  private final Duration requestTimeout;
  private final Duration readTimeout;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  OciPush(URI base, Providers.RegistryAccess access) {
    this(
        base,
        access,
        OciImageRegistry.DEFAULT_REQUEST_TIMEOUT,
        OciImageRegistry.DEFAULT_READ_TIMEOUT);
  }

  /** Tests shorten the limits. */
  OciPush(
      URI base, Providers.RegistryAccess access, Duration requestTimeout, Duration readTimeout) {
    this.base = base;
    this.access = access;
    this.requestTimeout = requestTimeout;
    this.readTimeout = readTimeout;
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
    HttpResponse<byte[]> start =
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
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
    if (access.username().isPresent() && access.password().isPresent()) {
      String basic = access.username().get() + ":" + access.password().get().reveal();
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request, int expected, String what) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              request.build(),
              BoundedBodies.bytes(
                  OciImageRegistry.DEFAULT_MAX_MANIFEST_BYTES,
                  BoundedBodies.ERROR_BODY_BYTES,
                  readTimeout));
      if (r.statusCode() != expected) {
        throw failure(
            "cannot "
                + what
                + ": HTTP "
                + r.statusCode()
                + " "
                + new String(r.body(), StandardCharsets.UTF_8).strip(),
            null);
      }
      return r;
    } catch (IOException e) {
      throw limitFailure(what, e).orElseGet(() -> failure("cannot " + what + ": " + e, e));
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted(
          "demo CI push to " + base + ": trying to " + what, e);
    }
  }

  /** A body over its size limit or late, or headers late, as the error that names the limit. */
  private Optional<RuntimeException> limitFailure(String what, IOException e) {
    Optional<IOException> limit = BoundedBodies.limitIn(e);
    if (limit.isPresent() && limit.get() instanceof TooLargeException tooLarge) {
      return Optional.of(
          failure(
              "cannot "
                  + what
                  + ": the registry's answer is larger than "
                  + TooLargeException.describe(tooLarge.limit())
                  + ", the limit",
              e));
    }
    Optional<Duration> missed =
        limit
            .map(d -> ((BoundedBodies.DeadlineException) d).limit())
            .or(
                () ->
                    e instanceof HttpTimeoutException
                        ? Optional.of(requestTimeout)
                        : Optional.empty());
    return missed.map(
        d ->
            new OperationTimeoutException(
                "demo CI push to "
                    + base
                    + ": the registry did not answer in time while trying to "
                    + what
                    + ": "
                    + (limit.isPresent()
                        ? "its response body did not arrive whole within "
                        : "no response headers within ")
                    + DurationText.format(d),
                "check that the registry at " + base + " is healthy, then run the demo again",
                d,
                e));
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
