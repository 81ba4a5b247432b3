package dev.baton.oci;

import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link OciImageRegistry} gets credentials for a registry host. It is asked each time a
 * credential is about to be sent (every request to a {@code Basic} registry, every token request to
 * a {@code Bearer} one), so a provider whose credentials expire, such as Amazon ECR's 12-hour
 * authorization token, answers with the current one and caches it itself.
 *
 * <p>Implementations must be thread-safe and fast; they may throw a {@link
 * dev.baton.BatonException} (for example an {@link dev.baton.AccessDeniedException} when a cloud
 * token cannot be had), which reaches the caller of the registry operation unchanged.
 *
 * <pre>{@code
 * CredentialsProvider creds = CredentialsProvider.of("ghcr.io",
 *     RegistryCredentials.of("x-access-token", System.getenv("GITHUB_TOKEN")))
 *   .or(ecrProvider);                 // e.g. one backed by GetAuthorizationToken
 * }</pre>
 */
@FunctionalInterface
public interface CredentialsProvider {
  /**
   * @param registryHost the host (and {@code :port} when not the default) that requests go to, as
   *     {@link dev.baton.ImageReference#apiHost()} gives it, e.g. {@code ghcr.io}, {@code
   *     123456789012.dkr.ecr.eu-west-1.amazonaws.com}, {@code 127.0.0.1:5000}
   * @return the credentials for that host, or empty to go anonymous
   */
  Optional<RegistryCredentials> credentials(String registryHost);

  /**
   * No credentials for any host: anonymous pulls and pushes only.
   *
   * @return the provider
   */
  static CredentialsProvider anonymous() {
    return host -> Optional.empty();
  }

  /**
   * Fixed credentials for one host; every other host is anonymous.
   *
   * @param registryHost the host, compared exactly (case-insensitively), port included
   * @param credentials what to send to it
   * @return the provider
   */
  static CredentialsProvider of(String registryHost, RegistryCredentials credentials) {
    Objects.requireNonNull(registryHost, "registryHost");
    Objects.requireNonNull(credentials, "credentials");
    return host ->
        host.equalsIgnoreCase(registryHost) ? Optional.of(credentials) : Optional.empty();
  }

  /**
   * @param next the provider to ask when this one has nothing for a host
   * @return a provider that asks this one first, then {@code next}
   */
  default CredentialsProvider or(CredentialsProvider next) {
    Objects.requireNonNull(next, "next");
    return host -> {
      Optional<RegistryCredentials> mine = credentials(host);
      return mine.isPresent() ? mine : next.credentials(host);
    };
  }
}
