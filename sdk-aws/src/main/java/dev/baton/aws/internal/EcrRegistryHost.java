package dev.baton.aws.internal;

import dev.baton.ConfigurationException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private ECR registry host, split into the account (the registry id) and the Region, per the ECR
 * user guide's "Private registry concepts": {@code
 * <aws_account_id>.dkr.ecr.<region>.amazonaws.com}. The FIPS form ({@code dkr.ecr-fips}), the China
 * partition ({@code .amazonaws.com.cn}) and the dual-stack form ({@code
 * <account>.dkr-ecr.<region>.on.aws}) are accepted too.
 *
 * @param host the host as written, lower case
 * @param account the 12-digit account id, which is also the ECR registry id
 * @param region the Region code, e.g. {@code us-east-1}
 */
public record EcrRegistryHost(String host, String account, String region) {
  private static final String REGION = "(?<region>[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})";
  private static final Pattern CLASSIC =
      Pattern.compile(
          "(?<account>[0-9]{12})\\.dkr\\.ecr(?:-fips)?\\."
              + REGION
              + "\\.amazonaws\\.com(?:\\.cn)?");
  private static final Pattern DUAL_STACK =
      Pattern.compile("(?<account>[0-9]{12})\\.dkr-ecr(?:-fips)?\\." + REGION + "\\.on\\.aws");

  /**
   * @param host a registry host, without port
   * @return the host's parts, when it is a private ECR registry
   */
  public static Optional<EcrRegistryHost> tryParse(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    for (Pattern pattern : new Pattern[] {CLASSIC, DUAL_STACK}) {
      Matcher m = pattern.matcher(lower);
      if (m.matches()) {
        return Optional.of(new EcrRegistryHost(lower, m.group("account"), m.group("region")));
      }
    }
    return Optional.empty();
  }

  /**
   * @param host a registry host
   * @param what what the host was found in, for the message (e.g. the reference)
   * @return the host's parts
   * @throws ConfigurationException when the host is not a private ECR registry
   */
  public static EcrRegistryHost parse(String host, String what) {
    return tryParse(host)
        .orElseThrow(
            () ->
                new ConfigurationException(
                    "registry host \""
                        + host
                        + "\" of "
                        + what
                        + " is not an Amazon ECR private registry",
                    "EcrImageRegistry serves <account>.dkr.ecr.<region>.amazonaws.com references only; use"
                        + " an OCI registry provider for other registries"));
  }

  @Override
  public String toString() {
    return host;
  }
}
