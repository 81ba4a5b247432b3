package dev.baton.aws.internal;

import dev.baton.Digest;
import dev.baton.ProviderException;
import dev.baton.internal.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Reads one manifest through ECR's {@code BatchGetImage}, exactly as stored, in a call it may share
 * with other lookups of the same repository ({@link EcrLookups}).
 *
 * <p>All four manifest media types are accepted: ECR converts a manifest on a pull by tag when the
 * client does not accept the stored format ("Container image manifest format support" in the ECR
 * user guide), and the converted bytes would be a different image. The bytes returned are hashed
 * here and must match the digest ECR reports (and the one asked for), so a conversion can never
 * slip through as the same image.
 */
public final class EcrManifests {
  private EcrManifests() {}

  /**
   * A manifest as ECR stores it.
   *
   * @param digest the sha256 of the manifest's UTF-8 bytes
   * @param mediaType the manifest's media type
   * @param manifest the manifest text, untouched
   */
  public record Fetched(Digest digest, String mediaType, String manifest) {
    /**
     * @return the exact bytes, whose hash is {@link #digest()}
     */
    public byte[] bytes() {
      return manifest.getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * @param lookups the calls this lookup may share with others of the same repository
   * @param ecr the client for the registry's Region
   * @param repository where to read
   * @param id a tag or a digest
   * @param shown the reference as the user would write it, for messages
   * @param missingRepositoryIsEmpty whether a missing repository means "not found" (a lookup)
   *     rather than a {@link dev.baton.NotFoundException} (a write that needs the repository)
   * @return the manifest; empty when ECR reports {@code ImageNotFound}, or {@code
   *     ImageTagDoesNotMatchDigest} for an identifier with both tag and digest
   */
  public static Optional<Fetched> fetch(
      EcrLookups lookups,
      EcrClient ecr,
      EcrRepository repository,
      ImageIdentifier id,
      String shown,
      boolean missingRepositoryIsEmpty) {
    try {
      EcrLookups.Answer answer = lookups.lookUp(ecr, repository, id);
      if (!answer.shared()) {
        return only(answer.response(), id, shown);
      }
      Optional<Optional<Fetched>> picked = pick(answer.response(), id, shown);
      if (picked.isPresent()) {
        return picked.get();
      }
      // Neither image nor failure for this id in a shared answer: ask for it alone rather than
      // read the silence as "not there".
      return only(lookups.alone(ecr, repository, id), id, shown);
    } catch (RepositoryNotFoundException e) {
      if (missingRepositoryIsEmpty) {
        return Optional.empty();
      }
      throw AwsErrors.repositoryNotFound(e, repository.toString());
    } catch (InvalidParameterException e) {
      throw EcrInvalidParameter.map(e, "BatchGetImage of " + shown, null);
    } catch (SdkException e) {
      throw AwsErrors.map(e, "BatchGetImage of " + shown);
    }
  }

  /** The answer to a call that asked for {@code id} alone. */
  private static Optional<Fetched> only(
      BatchGetImageResponse response, ImageIdentifier id, String shown) {
    for (ImageFailure failure : response.failures()) {
      if (failure.failureCode() == ImageFailureCode.IMAGE_NOT_FOUND
          || failure.failureCode() == ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST) {
        return Optional.empty();
      }
      throw failure(failure, shown);
    }
    if (response.images().isEmpty()) {
      // Neither image nor failure: not a documented answer, read as "not there".
      return Optional.empty();
    }
    return Optional.of(verified(response.images().get(0), id, shown));
  }

  /**
   * {@code id}'s answer in a call that asked for several ids: the failure ECR lists under that very
   * id, or the image under its tag (or, asked by digest alone, its digest); empty when the response
   * has neither.
   */
  private static Optional<Optional<Fetched>> pick(
      BatchGetImageResponse response, ImageIdentifier id, String shown) {
    for (ImageFailure failure : response.failures()) {
      ImageIdentifier failed = failure.imageId();
      if (failed != null
          && Objects.equals(failed.imageTag(), id.imageTag())
          && Objects.equals(failed.imageDigest(), id.imageDigest())) {
        if (failure.failureCode() == ImageFailureCode.IMAGE_NOT_FOUND
            || failure.failureCode() == ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST) {
          return Optional.of(Optional.empty());
        }
        throw failure(failure, shown);
      }
    }
    for (Image image : response.images()) {
      ImageIdentifier found = image.imageId();
      boolean match =
          found != null
              && (id.imageTag() == null || id.imageTag().equals(found.imageTag()))
              && (id.imageDigest() == null || id.imageDigest().equals(found.imageDigest()));
      if (match) {
        return Optional.of(Optional.of(verified(image, id, shown)));
      }
    }
    return Optional.empty();
  }

  private static Fetched verified(Image image, ImageIdentifier id, String shown) {
    String manifest = image.imageManifest();
    if (manifest == null || manifest.isEmpty()) {
      throw ProviderException.retryable("ECR returned no manifest for " + shown, null);
    }
    Digest actual = Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8));
    String reported = image.imageId() == null ? null : image.imageId().imageDigest();
    if (reported != null && !reported.equals(actual.toString())) {
      throw ProviderException.permanent(
          "ECR returned a manifest for "
              + shown
              + " that hashes to "
              + actual
              + ", not to the digest it reports, "
              + reported,
          "the manifest was converted or altered on the way; it is refused so that no other"
              + " image gets promoted",
          null);
    }
    if (id.imageDigest() != null && !id.imageDigest().equals(actual.toString())) {
      throw ProviderException.permanent(
          "ECR returned a manifest for " + shown + " that hashes to " + actual,
          "the registry answered with another image than the digest asked for",
          null);
    }
    String mediaType =
        Optional.ofNullable(image.imageManifestMediaType())
            .filter(t -> !t.isBlank())
            .or(() -> mediaTypeField(manifest, shown))
            .orElseThrow(
                () ->
                    ProviderException.permanent(
                        "ECR returned the manifest of "
                            + shown
                            + " with no media type, and the manifest has no mediaType field",
                        null));
    return new Fetched(actual, mediaType, manifest);
  }

  private static Optional<String> mediaTypeField(String manifest, String shown) {
    try {
      return Manifest.parse(manifest).mediaTypeField().filter(t -> !t.isBlank());
    } catch (IllegalArgumentException e) {
      throw ProviderException.permanent(
          "the manifest of " + shown + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  private static ProviderException failure(ImageFailure failure, String shown) {
    String code = failure.failureCodeAsString();
    String message =
        "ECR could not return "
            + shown
            + ": "
            + code
            + (failure.failureReason() == null ? "" : " (" + failure.failureReason() + ")");
    ImageFailureCode known = failure.failureCode();
    if (known == null) {
      return ProviderException.permanent(message, null);
    }
    return switch (known) {
      case KMS_ERROR ->
          ProviderException.permanent(
              message, "check that the role may use the repository's KMS key (kms:Decrypt)", null);
      case UPSTREAM_TOO_MANY_REQUESTS, UPSTREAM_UNAVAILABLE ->
          ProviderException.retryable(
              message,
              "the pull-through cache's upstream registry is unavailable; retry later",
              null);
      case UPSTREAM_ACCESS_DENIED ->
          new dev.baton.AccessDeniedException(
              message, "check the pull-through cache rule's upstream credentials", null);
      default -> ProviderException.permanent(message, null);
    };
  }
}
