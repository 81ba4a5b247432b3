package dev.baton.aws.internal;

import dev.baton.BatonException;
import dev.baton.ConfigurationException;
import dev.baton.ProviderException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;

/**
 * Turns ECR's {@code InvalidParameterException} into the error a caller can act on, by the
 * parameter its message names ({@code Invalid parameter at 'repositoryName' failed to satisfy
 * constraint: ...}). The constraints are those of the ECR API reference: {@code repositoryName} 2
 * to 256 characters of a fixed pattern, {@code imageTag} 1 to 300 characters, {@code imageManifest}
 * at most 4,194,304 characters. A repository name or tag ECR refuses is a {@link
 * ConfigurationException}, since the reference must change; anything else, a manifest among them,
 * is a permanent {@link ProviderException}. Neither is retryable.
 */
public final class EcrInvalidParameter {
  private static final Pattern PARAMETER = Pattern.compile("parameter at '([A-Za-z]+)'");

  private EcrInvalidParameter() {}

  /**
   * @param e ECR's exception
   * @param what the call and what it was about, e.g. {@code PutImage of <reference>}
   * @param mediaType the media type of the manifest sent, or null when none was
   * @return the exception to throw
   */
  public static BatonException map(InvalidParameterException e, String what, String mediaType) {
    String message = what + " was refused by ECR: " + AwsErrors.detail(e);
    String text = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    Matcher m = PARAMETER.matcher(text == null ? "" : text);
    String parameter = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    switch (parameter) {
      case "repositoryname":
        return new ConfigurationException(
            message,
            "ECR repository names are 2 to 256 characters: lowercase letters and digits, separated"
                + " by '.', '_', '-' or '/' (e.g. team/shop-api); fix the repository in the image"
                + " reference",
            e);
      case "imagetag":
        return new ConfigurationException(
            message, "ECR image tags are 1 to 300 characters; use a shorter tag", e);
      case "imagemanifest":
        if (text.toLowerCase(Locale.ROOT).contains("length")) {
          return ProviderException.permanent(
              message,
              "ECR stores manifests of at most 4 MiB (4,194,304 characters), so this one cannot be"
                  + " copied through the ECR API; make the manifest smaller (fewer layers,"
                  + " platforms or annotations)",
              e);
        }
        break;
      default:
        break;
    }
    return ProviderException.permanent(
        message,
        mediaType == null
            ? "ECR refused a parameter of the request; check the image reference"
            : "ECR rejected the manifest or its media type "
                + mediaType
                + "; check that the repository accepts this manifest format",
        e);
  }
}
