package dev.baton.aws;

import dev.baton.ConfigurationException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.OperationCancelledException;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.aws.internal.AwsClients;
import dev.baton.aws.internal.AwsErrors;
import dev.baton.aws.internal.EcrInvalidParameter;
import dev.baton.aws.internal.EcrLookups;
import dev.baton.aws.internal.EcrManifests;
import dev.baton.aws.internal.EcrManifests.Fetched;
import dev.baton.aws.internal.EcrRegistryHost;
import dev.baton.aws.internal.EcrRepository;
import dev.baton.aws.internal.RateLimiter;
import dev.baton.aws.internal.RegionalClients;
import dev.baton.internal.Manifest;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageDigestDoesNotMatchException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.PutImageResponse;
import software.amazon.awssdk.services.ecr.model.ReferencedImagesNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * An {@link ImageRegistry} for Amazon ECR private registries, through the ECR API: a retag is
 * {@code BatchGetImage} of the source (skipped when the manifest is already held), one {@code
 * BatchGetImage} of the target tag (the no-clobber check), and one {@code PutImage} of the
 * untouched manifest, following the ECR user guide's "Retagging an image". No layer moves; an index
 * is tagged whole.
 *
 * <pre>{@code
 * try (EcrImageRegistry registry = EcrImageRegistry.builder().build()) {   // default credentials
 *   ResolvedImage build = registry.resolve(ImageReference.parse(
 *       "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:sha-" + sha)).orElseThrow();
 *   registry.tag(build, Tag.parse("1.2.3"));   // CREATED, then ALREADY_PRESENT on a re-run
 * }
 * }</pre>
 *
 * <p>{@link #resolve} sends tag and digest together when the reference has both, so ECR answers
 * only when the tag names that digest; a missing tag, digest or repository resolves to empty.
 *
 * <p>References must name a private ECR registry, {@code <account>.dkr.ecr.<region>.amazonaws.com};
 * the account is sent as {@code registryId}, so cross-account repositories work when their policy
 * allows. The IAM permissions needed are {@code ecr:BatchGetImage} and {@code ecr:PutImage}.
 *
 * <p>Idempotence: {@code ImageAlreadyExistsException} is success, and so is {@code
 * ImageTagAlreadyExistsException} (an immutable repository) when the tag already names the same
 * digest; otherwise it is a {@link TagConflictException}. A request ECR refuses as invalid ({@code
 * InvalidParameterException}) is not retryable: a {@link ConfigurationException} for a repository
 * name or tag outside ECR's constraints, a {@link ProviderException} for a manifest (over 4 MiB, or
 * not one ECR accepts). ECR has no conditional put, so on a mutable repository a tag written by
 * someone else between the check and the put is overwritten.
 *
 * <p>Lookups ({@link #resolve}, {@link #currentDigest}, the check in {@link #tag}) of one
 * repository that arrive while a {@code BatchGetImage} for it is under way go together in the next
 * call, up to its 100 image ids: a batch of promotions, whose tags are checked and read back from
 * several threads, asks for two image ids per tag in fewer calls. A lookup alone is sent at once.
 *
 * <p>Throttling is retried by the SDK (five attempts with jittered backoff on the clients this
 * class creates; a caller's client keeps its own retry settings), and {@code PutImage} calls are
 * spaced client-side to the ECR quota, 10 per second per account and Region by default ({@link
 * Builder#putImageRate}), exactly one interval apart and never in a burst, shared by every thread
 * using this instance. A service quota reached ({@code LimitExceededException}, e.g. images per
 * repository) is not throttling: it fails at once, not retryable. Safe for concurrent use.
 */
public final class EcrImageRegistry implements ImageRegistry, AutoCloseable {
  /** ECR's default PutImage quota (quota code L-AD52DFB2), calls per second. */
  public static final double DEFAULT_PUT_IMAGE_RATE = 10;

  private static final Logger LOG = LoggerFactory.getLogger(EcrImageRegistry.class);

  private final RegionalClients<EcrClient> clients;
  private final double putImageRate;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final EcrLookups lookups = EcrLookups.create();
  private final LongSupplier ticker;
  private final RateLimiter.Sleeper sleeper;

  private EcrImageRegistry(Builder builder) {
    this.clients = AwsClients.ecr(builder.client);
    this.putImageRate = builder.putImageRate;
    this.ticker = builder.ticker;
    this.sleeper = builder.sleeper;
  }

  /**
   * Whether a reference names an Amazon ECR private registry, which this class serves: {@code
   * <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]} or the dual-stack {@code
   * <account>.dkr-ecr[-fips].<region>.on.aws}, in any letter case.
   *
   * @param reference an image reference
   * @return whether its registry host is a private ECR registry
   */
  public static boolean serves(ImageReference reference) {
    return EcrRegistryHost.tryParse(Objects.requireNonNull(reference, "reference").registry())
        .isPresent();
  }

  /**
   * @return a builder; with nothing set, clients use the default credential chain
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<ResolvedImage> resolve(ImageReference reference) {
    Optional<Fetched> fetched = lookUp(reference);
    if (fetched.isEmpty()) {
      LOG.debug("{} not found in ECR", reference);
      return Optional.empty();
    }
    Fetched f = fetched.get();
    ResolvedImage image =
        ResolvedImage.of(reference, f.digest(), f.mediaType(), platforms(f, reference))
            .withManifest(f.bytes());
    LOG.debug("resolved {} to {}", reference, image);
    return Optional.of(image);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code BatchGetImage}, as {@link #resolve} (ECR has no call that returns a tag's digest
   * alone with the same permission), the manifest's hash checked against the digest ECR reports.
   */
  @Override
  public Optional<Digest> currentDigest(ImageReference reference) {
    return lookUp(reference).map(Fetched::digest);
  }

  /** The manifest a reference names, as ECR stores it; empty when absent. */
  private Optional<Fetched> lookUp(ImageReference reference) {
    Objects.requireNonNull(reference, "reference");
    EcrRepository repository = EcrRepository.of(reference);
    if (reference.digest().isEmpty() && reference.tag().isEmpty()) {
      throw new ConfigurationException(
          "reference " + reference + " names neither a tag nor a" + " digest",
          "add the tag or digest to resolve; Baton never assumes latest");
    }
    // With both, ECR answers only when the tag names that digest (ImageTagDoesNotMatchDigest).
    ImageIdentifier id =
        ImageIdentifier.builder()
            .imageDigest(reference.digest().map(Digest::toString).orElse(null))
            .imageTag(reference.tag().map(Tag::value).orElse(null))
            .build();
    EcrClient ecr = clients.forRegion(repository.host().region(), "reference " + reference);
    return EcrManifests.fetch(lookups, ecr, repository, id, reference.toString(), true);
  }

  @Override
  public TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(policy, "policy");
    ImageReference source = image.reference();
    EcrRepository repository = EcrRepository.of(source);
    ImageReference target = source.withoutDigest().withTag(tag);
    EcrClient ecr = clients.forRegion(repository.host().region(), "reference " + source);
    String manifest = manifestOf(image, ecr, repository);

    // The no-clobber check. A PutImage alone would silently move a tag on a mutable repository.
    Optional<Fetched> current =
        EcrManifests.fetch(lookups, ecr, repository, tagId(tag), target.toString(), false);
    boolean moving = false;
    if (current.isPresent()) {
      Digest existing = current.get().digest();
      if (existing.equals(image.digest())) {
        LOG.debug("{} already points at {}; nothing written", target, image.digest());
        return TagResult.ALREADY_PRESENT;
      }
      if (policy == TagPolicy.NO_CLOBBER) {
        throw new TagConflictException(target, existing, image.digest());
      }
      moving = true;
    }
    return put(ecr, repository, image, manifest, tag, target, moving);
  }

  private TagResult put(
      EcrClient ecr,
      EcrRepository repository,
      ResolvedImage image,
      String manifest,
      Tag tag,
      ImageReference target,
      boolean moving) {
    awaitPutImageSlot(repository);
    PutImageResponse response;
    try {
      response =
          ecr.putImage(
              b ->
                  b.registryId(repository.host().account())
                      .repositoryName(repository.name())
                      .imageManifest(manifest)
                      .imageManifestMediaType(image.mediaType())
                      .imageDigest(image.digest().toString())
                      .imageTag(tag.value()));
    } catch (ImageAlreadyExistsException e) {
      LOG.debug("{} already points at {} (ImageAlreadyExists)", target, image.digest());
      return TagResult.ALREADY_PRESENT;
    } catch (ImageTagAlreadyExistsException e) {
      return immutableTag(ecr, repository, image, tag, target, e);
    } catch (RepositoryNotFoundException e) {
      throw AwsErrors.repositoryNotFound(e, repository.toString());
    } catch (InvalidParameterException e) {
      throw EcrInvalidParameter.map(
          e, "PutImage of " + target + " (" + image.digest() + ")", image.mediaType());
    } catch (SdkException e) {
      throw putImageError(e, image, target, repository);
    }
    String written =
        response.image() == null || response.image().imageId() == null
            ? null
            : response.image().imageId().imageDigest();
    if (written != null && !written.equals(image.digest().toString())) {
      throw ProviderException.permanent(
          "PutImage of " + target + " stored digest " + written + " instead of " + image.digest(),
          "the manifest was altered on the way; check the"
              + " tag in the ECR console and re-point it",
          null);
    }
    LOG.info("{} {} -> {}", moving ? "moved" : "tagged", target, image.digest());
    return moving ? TagResult.MOVED : TagResult.CREATED;
  }

  /**
   * An immutable repository refuses any PutImage to an existing tag, even with the same digest
   * (aws/containers-roadmap#2179), so the tag is read back to tell a re-run from a conflict.
   */
  private TagResult immutableTag(
      EcrClient ecr,
      EcrRepository repository,
      ResolvedImage image,
      Tag tag,
      ImageReference target,
      ImageTagAlreadyExistsException cause) {
    Fetched current =
        EcrManifests.fetch(lookups, ecr, repository, tagId(tag), target.toString(), false)
            .orElseThrow(
                () ->
                    ProviderException.retryable(
                        "ECR reported tag "
                            + target
                            + " as existing"
                            + " in an immutable repository, but it cannot be read back: "
                            + AwsErrors.detail(cause),
                        "retry; the tag may have just been deleted",
                        cause));
    if (current.digest().equals(image.digest())) {
      LOG.debug("{} already points at {} (immutable repository)", target, image.digest());
      return TagResult.ALREADY_PRESENT;
    }
    throw new TagConflictException(target, current.digest(), image.digest(), cause);
  }

  private static ProviderException putImageError(
      SdkException e, ResolvedImage image, ImageReference target, EcrRepository repository) {
    String what = "PutImage of " + target + " (" + image.digest() + ")";
    String hint = permanentPutImageHint(e, image, repository);
    if (hint == null) {
      return AwsErrors.map(e, what);
    }
    String cause =
        e instanceof ImageDigestDoesNotMatchException
            ? "ECR computed another digest for the manifest: "
            : "";
    return ProviderException.permanent(what + " failed: " + cause + AwsErrors.detail(e), hint, e);
  }

  /** What to do about a PutImage error that no retry fixes; {@code null} for any other error. */
  private static String permanentPutImageHint(
      SdkException e, ResolvedImage image, EcrRepository repository) {
    if (e instanceof ImageDigestDoesNotMatchException) {
      return "the manifest bytes changed on the way; this is a bug, the tag was not written";
    }
    if (e instanceof LayersNotFoundException) {
      return "the image's layers are not in "
          + repository
          + ": tag only images resolved from that same repository;"
          + " copy across repositories through the registry's OCI endpoint with blob mounting"
          + " (account setting BLOB_MOUNTING=ENABLED)";
    }
    if (e instanceof ReferencedImagesNotFoundException) {
      return "the index's platform manifests are not in "
          + repository
          + "; push them by digest first";
    }
    return null;
  }

  /** The exact manifest text: the bytes held by the image, or one read by digest. */
  private String manifestOf(ResolvedImage image, EcrClient ecr, EcrRepository repository) {
    Optional<byte[]> held = image.manifest();
    if (held.isPresent()) {
      String text = new String(held.get(), StandardCharsets.UTF_8);
      // ECR takes a string; refuse bytes that would not survive the trip unchanged.
      if (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), held.get())) {
        return text;
      }
      throw ProviderException.permanent(
          "the manifest of "
              + image.pinned()
              + " is not valid UTF-8,"
              + " so ECR cannot store it unchanged",
          null);
    }
    ImageIdentifier byDigest =
        ImageIdentifier.builder().imageDigest(image.digest().toString()).build();
    return EcrManifests.fetch(lookups, ecr, repository, byDigest, image.pinned().toString(), false)
        .orElseThrow(() -> NotFoundException.image(image.pinned()))
        .manifest();
  }

  private void awaitPutImageSlot(EcrRepository repository) {
    RateLimiter limiter =
        limiters.computeIfAbsent(
            repository.host().account() + "/" + repository.host().region(),
            key ->
                ticker == null
                    ? RateLimiter.perSecond(putImageRate)
                    : new RateLimiter(putImageRate, ticker, sleeper));
    try {
      long waited = limiter.acquire();
      if (waited > 0) {
        LOG.debug(
            "waited {} ms for a PutImage slot in {}",
            TimeUnit.NANOSECONDS.toMillis(waited),
            repository.host());
      }
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted("waiting to call PutImage on " + repository, e);
    }
  }

  private static List<Platform> platforms(Fetched fetched, ImageReference reference) {
    if (!ResolvedImage.of(reference, fetched.digest(), fetched.mediaType(), List.of()).isIndex()) {
      return List.of();
    }
    return parseIndex(fetched.manifest(), reference).platforms();
  }

  /**
   * Parses an image index as read from a registry.
   *
   * @param text the index, as UTF-8 text
   * @param image where it was read, named in the error
   * @return the index
   * @throws ProviderException permanent, when the bytes are not a valid image index
   */
  static Manifest parseIndex(String text, ImageReference image) {
    try {
      return Manifest.parse(text);
    } catch (IllegalArgumentException e) {
      throw ProviderException.permanent(
          "the index " + image + " is not a valid image index: " + e.getMessage(), e);
    }
  }

  private static ImageIdentifier tagId(Tag tag) {
    return ImageIdentifier.builder().imageTag(tag.value()).build();
  }

  /** Closes the clients this instance created; a client passed to the builder stays open. */
  @Override
  public void close() {
    clients.close();
  }

  @Override
  public String toString() {
    return "EcrImageRegistry[putImageRate=" + putImageRate + "/s]";
  }

  /** Configures an {@link EcrImageRegistry}. Every setting is optional. */
  public static final class Builder {
    private EcrClient client;
    private double putImageRate = DEFAULT_PUT_IMAGE_RATE;
    private LongSupplier ticker;
    private RateLimiter.Sleeper sleeper;

    private Builder() {}

    /** Tests pace PutImage on their own clock: a sleeper that moves it instead of waiting. */
    Builder pacing(LongSupplier ticker, RateLimiter.Sleeper sleeper) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Uses the caller's client for every call. It is not closed by {@link #close()}, and it serves
     * only the Region it is configured for: a reference in another Region is a {@link
     * ConfigurationException}. Without it, one client per Region is created with the default
     * credential chain (which covers GitHub OIDC web identity).
     *
     * @param client the ECR client
     * @return this builder
     */
    public Builder client(EcrClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The most {@code PutImage} calls per second per account and Region; default 10, ECR's default
     * quota. Raise it only if the account's quota was raised.
     *
     * @param callsPerSecond a positive rate
     * @return this builder
     */
    public Builder putImageRate(double callsPerSecond) {
      if (!(callsPerSecond > 0) || Double.isInfinite(callsPerSecond)) {
        throw new IllegalArgumentException(
            "putImageRate must be a positive number of calls per"
                + " second, got "
                + callsPerSecond);
      }
      this.putImageRate = callsPerSecond;
      return this;
    }

    /**
     * @return the registry
     */
    public EcrImageRegistry build() {
      return new EcrImageRegistry(this);
    }
  }
}
