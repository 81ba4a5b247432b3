package dev.baton.aws.internal;

import dev.baton.ImageReference;
import java.util.Objects;

/**
 * A repository in a private ECR registry: the registry (account and Region) and the repository
 * name, as the ECR API takes them ({@code registryId}, {@code repositoryName}).
 *
 * @param host the registry
 * @param name the repository name, e.g. {@code team/app}
 */
public record EcrRepository(EcrRegistryHost host, String name) {
  /**
   * Checks that nothing is null.
   *
   * @param host the registry
   * @param name the repository name, e.g. {@code team/app}
   */
  public EcrRepository {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
  }

  /**
   * @param reference an image reference
   * @return its registry and repository
   * @throws dev.baton.ConfigurationException when the reference's registry is not ECR's
   */
  public static EcrRepository of(ImageReference reference) {
    return new EcrRepository(
        EcrRegistryHost.parse(reference.registry(), "reference " + reference),
        reference.repository());
  }

  /** {@code host/name}, as in an image reference. */
  @Override
  public String toString() {
    return host + "/" + name;
  }
}
