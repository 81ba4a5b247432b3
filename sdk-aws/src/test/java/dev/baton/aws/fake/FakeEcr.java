package dev.baton.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Amazon ECR's API on loopback, with real state: repositories (each mutable or immutable),
 * manifests by digest, tags, and the blobs pushed into each repository. It enforces what the ECR
 * API reference documents for {@code PutImage} and {@code BatchGetImage}
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html,
 * .../API_BatchGetImage.html, .../API_GetAuthorizationToken.html): digest checks, the mediaType
 * requirement, tag immutability, missing layers and index children, and {@code failures[]} with
 * {@code ImageNotFound} for a missing tag or digest. Before any of that it checks the request
 * against the API model's constraints, as ECR does, answering {@code InvalidParameterException}:
 * {@code repositoryName} 2 to 256 characters matching {@link #REPOSITORY_NAME}, 1 to {@link
 * #MAX_IMAGE_IDS} {@code imageIds} per BatchGetImage, {@code imageTag} 1 to {@link #MAX_TAG_LENGTH}
 * characters, {@code imageManifest} 1 to {@link #MAX_MANIFEST_LENGTH} characters.
 *
 * <p>Response shapes follow the API reference examples (botocore {@code ecr/2015-09-21/
 * examples-1.json}, "batchgetimage-example-1470862771437": {@code images[]{imageId{imageDigest,
 * imageTag}, imageManifest, registryId, repositoryName}} with {@code failures[]}). Error messages
 * quote the real ones where public issue threads record them (CircleCI-Public/aws-ecr-orb#261 for
 * ImageAlreadyExists, aws/aws-cli#8620 for the "Invalid JSON syntax" InvalidParameterException).
 */
public final class FakeEcr extends FakeAwsServer {
  /** The account, i.e. the registry id. */
  public static final String ACCOUNT = "123456789012";

  /** The Region. */
  public static final String REGION = "us-east-1";

  /** The registry host of {@link #ACCOUNT} in {@link #REGION}. */
  public static final String HOST = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com";

  /** The repositoryName pattern of the ECR API reference (e.g. API_PutImage.html). */
  public static final Pattern REPOSITORY_NAME =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  /** The most characters of an imageManifest (API_PutImage.html: 4194304). */
  public static final int MAX_MANIFEST_LENGTH = 4_194_304;

  /** The most characters of an imageTag (API_ImageIdentifier.html). */
  public static final int MAX_TAG_LENGTH = 300;

  /** The most imageIds of one BatchGetImage (API_BatchGetImage.html). */
  public static final int MAX_IMAGE_IDS = 100;

  private static final Set<String> INDEX_TYPES =
      Set.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  private record Stored(String manifest, String mediaType) {}

  private static final class Repository {
    final boolean immutable;
    final Map<String, Stored> images = new LinkedHashMap<>();
    final Map<String, String> tags = new HashMap<>();
    final Set<String> blobs = new HashSet<>();

    Repository(boolean immutable) {
      this.immutable = immutable;
    }
  }

  private final Map<String, Repository> repositories = new HashMap<>();
  private Clock clock = Clock.systemUTC();
  private Duration tokenValidity = Duration.ofHours(12);
  private int tokensIssued;
  private boolean corruptNextManifest;

  /** One-shot actions, by the operation whose next call runs them before it is processed. */
  private final Map<String, Runnable> beforeNext = new HashMap<>();

  /** Starts the endpoint. */
  public FakeEcr() {
    super("AmazonEC2ContainerRegistry_V20150921");
  }

  /**
   * @param name the repository name
   * @param immutable whether tags are immutable ({@code imageTagMutability = IMMUTABLE})
   * @return this
   */
  public synchronized FakeEcr createRepository(String name, boolean immutable) {
    repositories.putIfAbsent(name, new Repository(immutable));
    return this;
  }

  /**
   * Pushes an image as {@code docker push} would: its blobs, an index's children by digest, then
   * the manifest under the tag (moving the tag if it exists; immutability is the API's concern, not
   * the seeding's).
   *
   * @param repository an existing repository
   * @param tag the tag, or null to push by digest only
   * @param image the manifest and the blobs it references
   * @return the manifest's digest
   */
  public synchronized Digest push(String repository, String tag, TestImages.Image image) {
    Repository repo = repository(repository);
    for (TestImages.Image child : image.children()) {
      push(repository, null, child);
    }
    repo.blobs.addAll(image.blobs());
    Digest digest = Digest.sha256(image.manifest().getBytes(StandardCharsets.UTF_8));
    repo.images.put(digest.toString(), new Stored(image.manifest(), image.mediaType()));
    if (tag != null) {
      repo.tags.put(tag, digest.toString());
    }
    return digest;
  }

  /**
   * @param repository a repository
   * @param tag a tag
   * @return the digest the tag names
   */
  public synchronized Optional<String> digestOf(String repository, String tag) {
    return Optional.ofNullable(repository(repository).tags.get(tag));
  }

  /**
   * @param repository a repository
   * @param digest a digest
   * @return the stored manifest text, exactly as put
   */
  public synchronized Optional<String> manifest(String repository, String digest) {
    return Optional.ofNullable(repository(repository).images.get(digest)).map(Stored::manifest);
  }

  /** The next BatchGetImage answers with a re-serialised manifest, as a format conversion would. */
  public synchronized void corruptNextManifest() {
    corruptNextManifest = true;
  }

  /**
   * Runs {@code action} when the next PutImage arrives, before it is processed: another promoter
   * winning the race between a tag check and the write.
   *
   * @param action what happens first, e.g. a {@link #push}
   */
  public synchronized void beforeNextPutImage(Runnable action) {
    beforeNext.put("PutImage", action);
  }

  /**
   * Runs {@code action} when the next BatchGetImage arrives, before it is answered; the endpoint
   * answers nothing else meanwhile (e.g. an action that waits holds that call in flight).
   *
   * @param action what happens first
   */
  public synchronized void beforeNextBatchGetImage(Runnable action) {
    beforeNext.put("BatchGetImage", action);
  }

  /**
   * @param clock the clock the token expiry is computed on
   * @param validity how long each token is valid
   */
  public synchronized void tokens(Clock clock, Duration validity) {
    this.clock = clock;
    this.tokenValidity = validity;
  }

  /**
   * @return how many tokens GetAuthorizationToken issued
   */
  public synchronized int tokensIssued() {
    return tokensIssued;
  }

  /**
   * @param n a token number, from 1
   * @return the password of the n-th token issued
   */
  public static String password(int n) {
    return "ecr-password-" + n;
  }

  @Override
  protected JsonNode answer(String operation, JsonNode request) {
    Runnable action = beforeNext.remove(operation);
    if (action != null) {
      action.run();
    }
    return switch (operation) {
      case "BatchGetImage" -> batchGetImage(request);
      case "PutImage" -> putImage(request);
      case "GetAuthorizationToken" -> getAuthorizationToken();
      default -> throw clientError("UnknownOperationException", operation + " is not simulated");
    };
  }

  private JsonNode batchGetImage(JsonNode request) {
    checkRepositoryName(request);
    int ids = request.path("imageIds").size();
    if (ids < 1 || ids > MAX_IMAGE_IDS) {
      throw invalidParameter(
          "imageIds", "Member must have between 1 and " + MAX_IMAGE_IDS + " items, got " + ids);
    }
    for (JsonNode id : request.path("imageIds")) {
      checkTag(id.path("imageTag").asText(null));
    }
    String name = request.path("repositoryName").asText();
    Repository repo = existing(request);
    List<String> accepted = new ArrayList<>();
    request.path("acceptedMediaTypes").forEach(t -> accepted.add(t.asText()));
    ObjectNode out = object();
    ArrayNode images = out.putArray("images");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode id : request.path("imageIds")) {
      String tag = id.path("imageTag").asText(null);
      String digest = id.path("imageDigest").asText(null);
      String found = digest != null ? digest : repo.tags.get(tag);
      if (digest != null && tag != null && !digest.equals(repo.tags.get(tag))) {
        failures.add(
            failure(
                id,
                "ImageTagDoesNotMatchDigest",
                "Requested image tag does not" + " match the requested digest"));
        continue;
      }
      Stored stored = found == null ? null : repo.images.get(found);
      if (stored == null) {
        failures.add(failure(id, "ImageNotFound", "Requested image not found"));
        continue;
      }
      if (!accepted.isEmpty() && !accepted.contains(stored.mediaType())) {
        throw clientError(
            "InvalidParameterException",
            "simulation limit: acceptedMediaTypes "
                + accepted
                + " lacks the stored type "
                + stored.mediaType()
                + "; ECR would convert the manifest");
      }
      String manifest = stored.manifest();
      if (corruptNextManifest) {
        corruptNextManifest = false;
        manifest = compact(manifest);
      }
      ObjectNode image = images.addObject();
      image.put("registryId", ACCOUNT).put("repositoryName", name);
      ObjectNode imageId = image.putObject("imageId").put("imageDigest", found);
      if (tag != null) {
        imageId.put("imageTag", tag);
      }
      image.put("imageManifest", manifest).put("imageManifestMediaType", stored.mediaType());
    }
    return out;
  }

  private JsonNode putImage(JsonNode request) {
    checkRepositoryName(request);
    checkTag(request.path("imageTag").asText(null));
    String manifest = request.path("imageManifest").asText();
    if (manifest.isEmpty() || manifest.length() > MAX_MANIFEST_LENGTH) {
      throw invalidParameter(
          "imageManifest",
          "Member must have length between 1 and "
              + MAX_MANIFEST_LENGTH
              + ", got "
              + manifest.length());
    }
    String name = request.path("repositoryName").asText();
    Repository repo = existing(request);
    JsonNode parsed;
    try {
      parsed = JSON.readTree(manifest);
    } catch (IOException e) {
      parsed = null;
    }
    String field = parsed == null ? null : parsed.path("mediaType").asText(null);
    String param = request.path("imageManifestMediaType").asText(null);
    if (parsed == null || !parsed.isObject() || (field == null && param == null)) {
      throw clientError(
          "InvalidParameterException",
          "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
    }
    if (field != null && param != null && !field.equals(param)) {
      throw clientError(
          "InvalidParameterException",
          "Invalid parameter at"
              + " 'imageManifestMediaType' failed to satisfy constraint: 'does not match the"
              + " manifest's mediaType "
              + field
              + "'");
    }
    String mediaType = param != null ? param : field;
    String digest = Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8)).toString();
    String expected = request.path("imageDigest").asText(null);
    if (expected != null && !expected.equals(digest)) {
      throw clientError(
          "ImageDigestDoesNotMatchException",
          "The specified image digest '"
              + expected
              + "' does not match the digest '"
              + digest
              + "' of the image manifest");
    }
    checkReferences(name, repo, parsed, mediaType);
    String tag = request.path("imageTag").asText(null);
    if (tag != null && repo.tags.containsKey(tag)) {
      if (repo.immutable) {
        throw clientError(
            "ImageTagAlreadyExistsException",
            "The image tag '"
                + tag
                + "' already exists in the '"
                + name
                + "' repository and cannot be overwritten"
                + " because the repository is immutable.");
      }
      if (repo.tags.get(tag).equals(digest)) {
        throw clientError(
            "ImageAlreadyExistsException",
            "Image with digest '"
                + digest
                + "' and tag '"
                + tag
                + "' already exists in the repository with name '"
                + name
                + "' in registry with id '"
                + ACCOUNT
                + "'");
      }
    }
    if (tag == null && repo.images.containsKey(digest)) {
      throw clientError(
          "ImageAlreadyExistsException",
          "Image with digest '"
              + digest
              + "' already exists in the repository with name '"
              + name
              + "' in registry with id '"
              + ACCOUNT
              + "'");
    }
    repo.images.put(digest, new Stored(manifest, mediaType));
    if (tag != null) {
      repo.tags.put(tag, digest);
    }
    ObjectNode out = object();
    ObjectNode image = out.putObject("image");
    image.put("registryId", ACCOUNT).put("repositoryName", name);
    ObjectNode imageId = image.putObject("imageId").put("imageDigest", digest);
    if (tag != null) {
      imageId.put("imageTag", tag);
    }
    image.put("imageManifest", manifest).put("imageManifestMediaType", mediaType);
    return out;
  }

  private void checkReferences(String name, Repository repo, JsonNode manifest, String mediaType) {
    if (INDEX_TYPES.contains(mediaType)) {
      for (JsonNode child : manifest.path("manifests")) {
        if (!repo.images.containsKey(child.path("digest").asText())) {
          throw clientError(
              "ReferencedImagesNotFoundException",
              "The manifest list is referencing an image that does not exist.");
        }
      }
      return;
    }
    Collection<String> missing = new ArrayList<>();
    List<JsonNode> blobs = new ArrayList<>();
    blobs.add(manifest.path("config"));
    manifest.path("layers").forEach(blobs::add);
    for (JsonNode blob : blobs) {
      String digest = blob.path("digest").asText(null);
      if (digest != null && !repo.blobs.contains(digest)) {
        missing.add(digest);
      }
    }
    if (!missing.isEmpty()) {
      throw clientError(
          "LayersNotFoundException",
          "Layers with digests '"
              + missing
              + "' required for pushing image into repository with name '"
              + name
              + "' in registry with id '"
              + ACCOUNT
              + "' do not exist");
    }
  }

  /**
   * Shape: API_GetAuthorizationToken.html and API_AuthorizationData.html ("authorizationToken: a
   * base64-encoded string ... user:password", "expiresAt: the Unix time in seconds and
   * milliseconds", "proxyEndpoint: https://012345678910.dkr.ecr.us-east-1.amazonaws.com").
   */
  private JsonNode getAuthorizationToken() {
    tokensIssued++;
    String token =
        Base64.getEncoder()
            .encodeToString(("AWS:" + password(tokensIssued)).getBytes(StandardCharsets.UTF_8));
    Instant expiresAt = clock.instant().plus(tokenValidity);
    ObjectNode out = object();
    out.putArray("authorizationData")
        .addObject()
        .put("authorizationToken", token)
        .put("expiresAt", expiresAt.toEpochMilli() / 1000.0)
        .put("proxyEndpoint", "https://" + HOST);
    return out;
  }

  private static void checkRepositoryName(JsonNode request) {
    String name = request.path("repositoryName").asText();
    if (name.length() < 2 || name.length() > 256) {
      throw invalidParameter(
          "repositoryName", "Member must have length between 2 and 256, got " + name.length());
    }
    if (!REPOSITORY_NAME.matcher(name).matches()) {
      throw invalidParameter(
          "repositoryName", "must satisfy regular expression '" + REPOSITORY_NAME + "'");
    }
  }

  private static void checkTag(String tag) {
    if (tag != null && (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH)) {
      throw invalidParameter(
          "imageTag",
          "Member must have length between 1 and " + MAX_TAG_LENGTH + ", got " + tag.length());
    }
  }

  /** ECR's wording, as in its "Invalid JSON syntax" answer (aws/aws-cli#8620). */
  private static AwsError invalidParameter(String parameter, String constraint) {
    return clientError(
        "InvalidParameterException",
        "Invalid parameter at '"
            + parameter
            + "' failed to satisfy constraint: '"
            + constraint
            + "'");
  }

  private Repository existing(JsonNode request) {
    String registryId = request.path("registryId").asText(ACCOUNT);
    String name = request.path("repositoryName").asText();
    Repository repo = registryId.equals(ACCOUNT) ? repositories.get(name) : null;
    if (repo == null) {
      throw clientError(
          "RepositoryNotFoundException",
          "The repository with name '"
              + name
              + "' does not exist in the registry with id '"
              + registryId
              + "'");
    }
    return repo;
  }

  private Repository repository(String name) {
    Repository repo = repositories.get(name);
    if (repo == null) {
      throw new IllegalArgumentException("no repository " + name + " in the fake");
    }
    return repo;
  }

  private static ObjectNode failure(JsonNode id, String code, String reason) {
    ObjectNode failure = object();
    failure.set("imageId", id.deepCopy());
    return failure.put("failureCode", code).put("failureReason", reason);
  }

  private static String compact(String manifest) {
    try {
      return JSON.writeValueAsString(JSON.readTree(manifest));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
