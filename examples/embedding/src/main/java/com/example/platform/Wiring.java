package com.example.platform;

import dev.baton.ConfigurationException;
import dev.baton.Environments;
import dev.baton.PipelineListener;
import dev.baton.PromotionPipeline;
import dev.baton.Secret;
import dev.baton.atmos.AtmosStackDeployer;
import dev.baton.github.GitHubConnection;
import dev.baton.github.GitHubDeploymentLedger;
import dev.baton.github.GitHubEventResolver;
import dev.baton.github.GitHubReleaseSource;
import dev.baton.github.ProgrammaticApprovalGate;
import dev.baton.oci.CredentialsProvider;
import dev.baton.oci.OciImageRegistry;
import dev.baton.oci.RegistryCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Builds the real service from its configuration: an OCI registry, Atmos, GitHub releases and
 * deployments, and the webhook server in front. Run it with the {@code BATON_*} variables of {@link
 * PlatformConfig} set, and the secrets in the variables they name:
 *
 * <pre>
 * BATON_REPOSITORY=ghcr.io/acme/shop BATON_GITHUB_REPOSITORY=acme/shop \
 * BATON_REGISTRY_USER=x-access-token REGISTRY_PASSWORD=... GITHUB_TOKEN=... WEBHOOK_SECRET=... \
 *   java -cp ... com.example.platform.Wiring
 * </pre>
 *
 * Production requires approval in the standard environment table; this service approves through a
 * {@link ProgrammaticApprovalGate}, which a platform's own UI would decide (its {@code pending()}
 * requests are shown to reviewers, who {@code approve} or {@code reject}).
 */
public final class Wiring implements AutoCloseable {
  private final OciImageRegistry registry;
  private final GitHubConnection github;
  private final WebhookServer server;

  /**
   * @param config what to connect to
   * @param env where the secrets are read from, by the names the configuration gives
   * @throws IOException when the server's port cannot be bound
   */
  public Wiring(PlatformConfig config, Map<String, String> env) throws IOException {
    Secret webhookSecret = secret(env, config.webhookSecretVariable());
    Secret githubToken = secret(env, config.githubTokenVariable());
    String registryPassword = env.getOrDefault(config.registryPasswordVariable(), "");
    CredentialsProvider credentials =
        config.registryUser().isEmpty() || registryPassword.isEmpty()
            ? CredentialsProvider.anonymous()
            : CredentialsProvider.of(
                config.repository().registry(),
                RegistryCredentials.of(config.registryUser(), registryPassword));

    Environments table = Environments.standard();
    this.registry = OciImageRegistry.builder().credentials(credentials).build();
    this.github = GitHubConnection.builder(config.githubRepository()).token(githubToken).build();
    GitHubReleaseSource releases = GitHubReleaseSource.builder(github).build();
    PromotionPipeline pipeline =
        PromotionPipeline.builder()
            .repository(config.repository())
            .environments(table)
            .registry(registry)
            .deployer(
                AtmosStackDeployer.builder().workingDirectory(config.atmosDirectory()).build())
            .releases(releases)
            .ledger(GitHubDeploymentLedger.builder(github).environments(table).build())
            .approvals(new ProgrammaticApprovalGate())
            .listener(PipelineListener.logging())
            .build();
    GitHubEventResolver events = GitHubEventResolver.builder(table).releaseSource(releases).build();
    this.server =
        new WebhookServer(
            new InetSocketAddress(config.port()),
            config.maxBodyBytes(),
            new WebhookSignature(webhookSecret),
            events,
            pipeline);
  }

  /** {@return the server, not yet started} */
  public WebhookServer server() {
    return server;
  }

  /** Stops the server, then closes the providers it used. */
  @Override
  public void close() {
    server.close();
    github.close();
    registry.close();
  }

  /**
   * Starts the service and runs until the JVM is stopped.
   *
   * @param args none
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> env = System.getenv();
    Wiring wiring = new Wiring(PlatformConfig.fromEnvironment(env), env);
    Runtime.getRuntime().addShutdownHook(new Thread(wiring::close, "shutdown"));
    wiring.server().start();
  }

  private static Secret secret(Map<String, String> env, String variable) {
    String value = env.get(variable);
    if (value == null || value.isEmpty()) {
      throw new ConfigurationException(
          "environment variable " + variable + " is not set",
          "set it to the secret, or name another variable in the configuration");
    }
    return Secret.of(value);
  }
}
