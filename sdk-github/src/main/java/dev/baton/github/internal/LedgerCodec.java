package dev.baton.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the GitHub ledger writes Baton's records into GitHub objects, and reads them back.
 *
 * <p>A deployment carries, in its {@code payload}, an object under the key {@code baton}:
 *
 * <pre>{@code
 * {"baton": {"schema": 1, "environment": "preview", "instance": "42",
 *            "image": "ghcr.io/acme/shop:sha-<40>@sha256:<64>", "digest": "sha256:<64>",
 *            "commit": "<40>", "variables": {"PR_NUMBER": "42"}}}
 * }</pre>
 *
 * Deployments without it (those GitHub Actions creates for a job's {@code environment:}) are not
 * Baton's and are skipped.
 *
 * <p>A build is a commit status with context {@code baton/build}, state {@code success}, the digest
 * as its description (71 characters, within GitHub's 140) and, as its target URL, the manifest's
 * address in the registry's API with the tag as a query parameter: {@code
 * https://REGISTRY/v2/REPOSITORY/manifests/sha256:<64>?tag=sha-<40>}. That URL is a real
 * Distribution API address (reading it needs the registry's credentials), and it carries the whole
 * pinned reference back.
 */
public final class LedgerCodec {
  /** The commit status context of build records. */
  public static final String BUILD_CONTEXT = "baton/build";

  private static final Pattern MANIFEST_PATH = Pattern.compile("/v2/(.+)/manifests/([^/]+)");

  private LedgerCodec() {}

  /**
   * @param target where
   * @param commit which commit
   * @param image the pinned image
   * @param variables the per-deploy variables
   * @return the deployment payload
   */
  public static Map<String, Object> payload(
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      Map<String, String> variables) {
    Map<String, Object> baton = new LinkedHashMap<>();
    baton.put("schema", 1);
    baton.put("environment", target.environment().value());
    baton.put("instance", target.instance());
    baton.put("image", image.toString());
    baton.put("digest", image.digest().orElseThrow().toString());
    baton.put("commit", commit.value());
    baton.put("variables", new TreeMap<>(variables));
    return Map.of("baton", baton);
  }

  /**
   * @param deployment a deployment's JSON
   * @return its Baton fields; empty when the deployment is not Baton's or its payload is damaged
   */
  public static Optional<Deployed> read(JsonNode deployment) {
    JsonNode b = deployment.path("payload").path("baton");
    if (!b.isObject()) {
      return Optional.empty();
    }
    Optional<EnvironmentName> env = EnvironmentName.tryParse(b.path("environment").asText(null));
    Optional<ImageReference> image = ImageReference.tryParse(b.path("image").asText(null));
    Optional<CommitSha> commit = CommitSha.tryParse(b.path("commit").asText(null));
    if (env.isEmpty() || image.isEmpty() || image.get().digest().isEmpty() || commit.isEmpty()) {
      return Optional.empty();
    }
    DeploymentTarget target;
    try {
      target = new DeploymentTarget(env.get(), b.path("instance").asText(""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Map<String, String> variables = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : b.path("variables").properties()) {
      variables.put(e.getKey(), e.getValue().asText());
    }
    return Optional.of(new Deployed(target, commit.get(), image.get(), variables));
  }

  /**
   * @param image a pinned build image
   * @return the commit status target URL that carries it
   */
  public static String buildUrl(ImageReference image) {
    return "https://"
        + image.registry()
        + "/v2/"
        + image.repository()
        + "/manifests/"
        + image.digest().orElseThrow()
        + image.tag().map(t -> "?tag=" + t.value()).orElse("");
  }

  /**
   * @param targetUrl a build status's target URL
   * @param description its description
   * @return the image; empty when the status was not written by {@link #buildUrl}
   */
  public static Optional<ImageReference> readBuild(String targetUrl, String description) {
    try {
      URI uri = URI.create(targetUrl);
      Matcher m = MANIFEST_PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
      if (uri.getRawAuthority() == null || !m.matches()) {
        return Optional.empty();
      }
      Digest digest = Digest.parse(m.group(2));
      if (!description.trim().equals(digest.toString())) {
        return Optional.empty();
      }
      String tag =
          uri.getRawQuery() != null && uri.getRawQuery().startsWith("tag=")
              ? ":" + uri.getRawQuery().substring(4)
              : "";
      return ImageReference.tryParse(uri.getRawAuthority() + "/" + m.group(1) + tag + "@" + digest);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The Baton fields of a deployment.
   *
   * @param target where
   * @param commit which commit
   * @param image the pinned image
   * @param variables the per-deploy variables
   */
  public record Deployed(
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      Map<String, String> variables) {
    /**
     * Copies the variables.
     *
     * @param target where
     * @param commit which commit
     * @param image the pinned image
     * @param variables the per-deploy variables
     */
    public Deployed {
      variables = Map.copyOf(variables);
    }
  }
}
