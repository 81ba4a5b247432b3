package com.example.platform;

import dev.baton.ConfigurationException;
import dev.baton.ImageReference;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the service needs to know, read from its environment. It holds the NAMES of the variables
 * that carry secrets, never their values, so it can be logged and printed as it is.
 *
 * @param port the port to listen on ({@code BATON_PORT}, 8080 by default)
 * @param repository the image repository builds are pushed to ({@code BATON_REPOSITORY}, e.g.
 *     {@code ghcr.io/acme/shop}); its host is the registry
 * @param registryUser the registry user ({@code BATON_REGISTRY_USER}); empty for anonymous access
 * @param registryPasswordVariable the variable holding the registry password or token ({@code
 *     BATON_REGISTRY_PASSWORD_VAR}, {@code REGISTRY_PASSWORD} by default)
 * @param githubRepository {@code owner/name} ({@code BATON_GITHUB_REPOSITORY})
 * @param githubTokenVariable the variable holding the GitHub token ({@code BATON_GITHUB_TOKEN_VAR},
 *     {@code GITHUB_TOKEN} by default)
 * @param webhookSecretVariable the variable holding the webhook secret ({@code
 *     BATON_WEBHOOK_SECRET_VAR}, {@code WEBHOOK_SECRET} by default)
 * @param atmosDirectory where {@code atmos} runs ({@code BATON_ATMOS_DIR}, the current directory by
 *     default)
 * @param maxBodyBytes the largest webhook body accepted ({@code BATON_MAX_BODY_BYTES}; GitHub caps
 *     payloads at 25 MB, 1 MiB by default is plenty for the events used)
 */
public record PlatformConfig(
    int port,
    ImageReference repository,
    String registryUser,
    String registryPasswordVariable,
    String githubRepository,
    String githubTokenVariable,
    String webhookSecretVariable,
    Path atmosDirectory,
    int maxBodyBytes) {
  /**
   * Checks every field.
   *
   * @param port the port to listen on
   * @param repository the image repository; its host is the registry
   * @param registryUser the registry user; empty for anonymous access
   * @param registryPasswordVariable the variable holding the registry password or token
   * @param githubRepository {@code owner/name}
   * @param githubTokenVariable the variable holding the GitHub token
   * @param webhookSecretVariable the variable holding the webhook secret
   * @param atmosDirectory where {@code atmos} runs
   * @param maxBodyBytes the largest webhook body accepted
   */
  public PlatformConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port");
    }
    repository = Objects.requireNonNull(repository, "repository").repositoryOnly();
    Objects.requireNonNull(registryUser, "registryUser");
    Objects.requireNonNull(registryPasswordVariable, "registryPasswordVariable");
    Objects.requireNonNull(githubRepository, "githubRepository");
    Objects.requireNonNull(githubTokenVariable, "githubTokenVariable");
    Objects.requireNonNull(webhookSecretVariable, "webhookSecretVariable");
    Objects.requireNonNull(atmosDirectory, "atmosDirectory");
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
  }

  /**
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the configuration it describes
   * @throws ConfigurationException when a required variable is missing or a value is invalid
   */
  public static PlatformConfig fromEnvironment(Map<String, String> env) {
    try {
      return new PlatformConfig(
          Integer.parseInt(env.getOrDefault("BATON_PORT", "8080")),
          ImageReference.parse(required(env, "BATON_REPOSITORY")),
          env.getOrDefault("BATON_REGISTRY_USER", ""),
          env.getOrDefault("BATON_REGISTRY_PASSWORD_VAR", "REGISTRY_PASSWORD"),
          required(env, "BATON_GITHUB_REPOSITORY"),
          env.getOrDefault("BATON_GITHUB_TOKEN_VAR", "GITHUB_TOKEN"),
          env.getOrDefault("BATON_WEBHOOK_SECRET_VAR", "WEBHOOK_SECRET"),
          Path.of(env.getOrDefault("BATON_ATMOS_DIR", ".")),
          Integer.parseInt(env.getOrDefault("BATON_MAX_BODY_BYTES", "1048576")));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "invalid service configuration: " + e.getMessage(),
          "check the BATON_* environment variables",
          e);
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(
          "environment variable " + name + " is not set",
          "set " + name + " before starting the service");
    }
    return value;
  }
}
