package dev.baton.oci;

import dev.baton.Secret;
import java.util.Objects;

/**
 * A user name and password (or token) for one registry, as {@code docker login} takes them. They
 * are sent as HTTP Basic credentials: to the registry itself when it challenges with {@code Basic}
 * (htpasswd, Amazon ECR), or to the token endpoint when it challenges with {@code Bearer} (GHCR,
 * Docker Hub, Harbor).
 *
 * <p>Examples: GHCR takes any user name with a GitHub token as password; Amazon ECR takes user
 * {@code AWS} with the password decoded from {@code GetAuthorizationToken}. The password is a
 * {@link Secret}, so {@link #toString()} never shows it.
 *
 * @param username the user name; not blank and without a colon (RFC 7617 forbids one)
 * @param password the password or token
 */
public record RegistryCredentials(String username, Secret password) {
  /**
   * Validates the user name.
   *
   * @param username the user name
   * @param password the password or token
   */
  public RegistryCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isBlank() || username.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "a registry user name must be non-blank and hold no ':'," + " got \"" + username + "\"");
    }
  }

  /**
   * @param username the user name
   * @param password the password or token, in clear; it is wrapped in a {@link Secret} at once
   * @return the credentials
   */
  public static RegistryCredentials of(String username, String password) {
    return new RegistryCredentials(username, Secret.of(password));
  }
}
