package dev.baton.oci.internal;

import dev.baton.Digest;
import dev.baton.ProviderException;
import dev.baton.spi.ResolvedImage;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI Distribution endpoints promotion uses (distribution-spec v1.1 end-3, end-7, end-11,
 * end-2, end-4a/6a), one method per request, each mapping the answers the spec allows.
 */
public final class RegistryApi {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryApi.class);

  /**
   * All four manifest media types in one comma-separated {@code Accept}: a registry that is not
   * offered the stored type may convert (distribution 2.8 turns a manifest list fetched by tag into
   * its linux/amd64 child), and a converted manifest is a different image.
   */
  public static final String ACCEPT = String.join(", ", ResolvedImage.MANIFEST_MEDIA_TYPES);

  private final Transport transport;

  /**
   * A manifest as read: its exact bytes and what the registry said about them.
   *
   * @param bytes the body, untouched
   * @param contentType the {@code Content-Type} header
   * @param reportedDigest the {@code Docker-Content-Digest} header
   */
  public record Fetched(
      byte[] bytes, Optional<String> contentType, Optional<Digest> reportedDigest) {}

  /**
   * @param transport how requests are sent
   */
  public RegistryApi(Transport transport) {
    this.transport = transport;
  }

  /**
   * {@code GET /v2/<repo>/manifests/<reference>}.
   *
   * @param site registry, repository and tag or digest
   * @param scopes the token scopes to ask for
   * @return the manifest, or empty on 404 (unknown tag, digest or repository)
   */
  public Optional<Fetched> getManifest(RequestSubject site, List<Scope> scopes) {
    return manifest(site, scopes, "GET", "reading the manifest")
        .map(r -> new Fetched(r.body(), r.headers().firstValue("Content-Type"), reportedDigest(r)));
  }

  /**
   * {@code HEAD /v2/<repo>/manifests/<tag>}: which digest a tag names, without its body. A registry
   * that leaves out {@code Docker-Content-Digest} (ECR Public does) costs a GET instead.
   *
   * @param site registry, repository and tag
   * @param scopes the token scopes to ask for
   * @return the digest, or empty when the tag does not exist
   */
  public Optional<Digest> headManifest(RequestSubject site, List<Scope> scopes) {
    Optional<HttpResponse<byte[]>> found = manifest(site, scopes, "HEAD", "checking the tag");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Optional<Digest> reported = reportedDigest(found.get());
    if (reported.isPresent()) {
      return reported;
    }
    LOG.debug("{} sent no Docker-Content-Digest on HEAD; reading the manifest", site);
    return getManifest(site, scopes).map(f -> Digest.sha256(f.bytes()));
  }

  /**
   * {@code PUT /v2/<repo>/manifests/<reference>} with the exact bytes, then checks the digest the
   * registry reports against the digest of those bytes.
   *
   * @param site registry, repository and the tag or digest to write
   * @param mediaType the {@code Content-Type}: the manifest's own media type
   * @param bytes the manifest, byte for byte
   * @param expected the digest the bytes have
   * @param scopes the token scopes to ask for
   */
  public void putManifest(
      RequestSubject site, String mediaType, byte[] bytes, Digest expected, List<Scope> scopes) {
    HttpResponse<byte[]> r =
        transport.send(
            new Transport.Call(
                site,
                "PUT",
                manifestPath(site),
                Map.of("Content-Type", mediaType),
                bytes,
                scopes,
                "pushing the manifest"));
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw RegistryErrors.failure(site, "pushing the manifest", r.statusCode(), r.body());
    }
    Optional<Digest> reported = reportedDigest(r);
    if (reported.isPresent() && !reported.get().equals(expected)) {
      throw ProviderException.permanent(
          "pushing the manifest of "
              + expected
              + " to "
              + site
              + " made the registry store "
              + reported.get()
              + " ("
              + site.describe()
              + ")",
          "the registry altered the manifest bytes, so the tag now names a different image;"
              + " point the tag back and report the registry's behaviour",
          null);
    }
    if (reported.isEmpty()) {
      LOG.debug("{} sent no Docker-Content-Digest on PUT; the digest is unverified", site);
    }
  }

  /**
   * {@code POST /v2/<dst>/blobs/uploads/?mount=<digest>&from=<src>}. Only {@code 201 Created} is a
   * mount; a {@code 202} means the registry opened an upload session instead, which is cancelled
   * and reported, since promotion must not move blob bytes unnoticed.
   *
   * @param site the target registry, repository and the blob's digest
   * @param from the source repository in the same registry
   * @param scopes one token's scopes: push on the target, pull on the source
   */
  public void mountBlob(RequestSubject site, String from, List<Scope> scopes) {
    String path =
        "/v2/"
            + site.repository()
            + "/blobs/uploads/?mount="
            + encode(site.reference())
            + "&from="
            + encode(from);
    HttpResponse<byte[]> r =
        transport.send(
            new Transport.Call(
                site, "POST", path, Map.of(), new byte[0], scopes, "mounting blob from " + from));
    if (r.statusCode() == 201) {
      return;
    }
    if (r.statusCode() == 202) {
      r.headers().firstValue("Location").ifPresent(loc -> cancelUpload(site, r.uri(), loc, scopes));
      throw ProviderException.permanent(
          "the registry did not mount blob "
              + site.reference()
              + " from "
              + from
              + " ("
              + site.describe()
              + "): it answered 202 and opened an upload instead",
          "the registry cannot mount across these repositories (on Amazon ECR enable"
              + " BLOB_MOUNTING; check that the source repository holds the blob and that the"
              + " credentials may pull it)",
          null);
    }
    throw RegistryErrors.failure(site, "mounting blob from " + from, r.statusCode(), r.body());
  }

  /**
   * {@code HEAD /v2/<repo>/blobs/<digest>}.
   *
   * @param site registry, repository and blob digest
   * @param scopes the token scopes to ask for
   * @return whether the repository holds the blob
   */
  public boolean blobExists(RequestSubject site, List<Scope> scopes) {
    HttpResponse<byte[]> r =
        transport.send(
            new Transport.Call(
                site, "HEAD", blobPath(site), Map.of(), null, scopes, "checking the blob"));
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 404) {
      return false;
    }
    throw RegistryErrors.failure(site, "checking the blob", r.statusCode(), r.body());
  }

  /**
   * {@code GET /v2/<repo>/blobs/<digest>} as a stream.
   *
   * @param site registry, repository and blob digest
   * @param size the blob's size from its descriptor, or negative when unknown; the stream fails
   *     past it
   * @param scopes the token scopes to ask for
   * @return the open stream; the caller closes it
   */
  public InputStream openBlob(RequestSubject site, long size, List<Scope> scopes) {
    HttpResponse<InputStream> r =
        transport.open(
            new Transport.Call(
                site, "GET", blobPath(site), Map.of(), null, scopes, "reading the blob"),
            size);
    if (r.statusCode() != 200) {
      throw RegistryErrors.failure(
          site, "reading the blob", r.statusCode(), Transport.bodyBytes(r));
    }
    return r.body();
  }

  /**
   * A monolithic upload (end-4a then end-6a): {@code POST /v2/<repo>/blobs/uploads/}, then {@code
   * PUT <location>&digest=<d>} with the body streamed, never held whole in memory. The registry
   * checks the digest of what it received.
   *
   * @param site the target registry, repository and blob digest
   * @param size the blob's size from its descriptor, or negative when unknown (chunked)
   * @param content the blob's bytes; consumed once
   * @param scopes the token scopes to ask for
   */
  public void uploadBlob(RequestSubject site, long size, InputStream content, List<Scope> scopes) {
    Transport.Call start =
        new Transport.Call(
            site,
            "POST",
            "/v2/" + site.repository() + "/blobs/uploads/",
            Map.of(),
            new byte[0],
            scopes,
            "starting a blob upload");
    HttpResponse<byte[]> r = transport.send(start);
    if (r.statusCode() != 202 || r.headers().firstValue("Location").isEmpty()) {
      throw RegistryErrors.failure(site, "starting a blob upload", r.statusCode(), r.body());
    }
    URI location = r.uri().resolve(r.headers().firstValue("Location").get());
    String sep = location.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(location + sep + "digest=" + encode(site.reference()));
    BodyPublisher body =
        size >= 0
            ? BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> content), size)
            : BodyPublishers.ofInputStream(() -> content);
    HttpResponse<byte[]> done =
        transport.sendOnce(
            new Transport.Call(
                site,
                "PUT",
                "",
                Map.of("Content-Type", "application/octet-stream"),
                null,
                scopes,
                "uploading the blob"),
            put,
            body);
    if (done.statusCode() != 201) {
      throw RegistryErrors.failure(site, "uploading the blob", done.statusCode(), done.body());
    }
  }

  private void cancelUpload(RequestSubject site, URI base, String location, List<Scope> scopes) {
    try {
      transport.sendTo(
          new Transport.Call(site, "DELETE", "", Map.of(), null, scopes, "cancelling the upload"),
          base.resolve(location));
    } catch (RuntimeException e) {
      // The session expires by itself (distribution purges uploads); the 202 is what matters.
      LOG.debug("could not cancel the upload session at {}: {}", location, e.toString());
    }
  }

  /**
   * One {@code GET} or {@code HEAD} of a manifest: the response when it is a 200, empty on 404,
   * anything else a failure saying what was being done.
   */
  private Optional<HttpResponse<byte[]>> manifest(
      RequestSubject site, List<Scope> scopes, String method, String doing) {
    HttpResponse<byte[]> r =
        transport.send(
            new Transport.Call(
                site, method, manifestPath(site), Map.of("Accept", ACCEPT), null, scopes, doing));
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      throw RegistryErrors.failure(site, doing, r.statusCode(), r.body());
    }
    return Optional.of(r);
  }

  private static Optional<Digest> reportedDigest(HttpResponse<?> r) {
    return r.headers().firstValue("Docker-Content-Digest").flatMap(Digest::tryParse);
  }

  private static String manifestPath(RequestSubject site) {
    return "/v2/" + site.repository() + "/manifests/" + site.reference();
  }

  private static String blobPath(RequestSubject site) {
    return "/v2/" + site.repository() + "/blobs/" + site.reference();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
