package dev.baton.examples.internal;

import dev.baton.ConfigurationException;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.Secret;
import dev.baton.github.GitHubEventResolver;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.StackDeployer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the commands get their real providers. Every provider is made here and nowhere else, so
 * that a provider this build does not have fails in one place, plainly, with a
 * {@link ConfigurationException} saying which module is missing, rather than being faked. Tests
 * subclass it to put the testkit's fakes behind the same calls.
 */
public class Providers {
  // ECR's registry host: <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]
  private static final Pattern ECR_HOST =
      Pattern.compile("[0-9]{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

  /** The providers this build has. */
  public Providers() {}

  /**
   * @param registry a registry host, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}
   * @return whether it is an Amazon ECR registry, reached through ECR's API
   */
  public static boolean isEcrHost(String registry) {
    return ECR_HOST.matcher(registry).matches();
  }

  /**
   * @param registry a registry host, with an optional port
   * @return whether it is on this machine, where plain HTTP is acceptable
   */
  public static boolean isLoopback(String registry) {
    String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
        : registry.replaceFirst(":[0-9]+$", "");
    return host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.");
  }

  /**
   * The registry that holds {@code repository}: ECR's API for ECR hosts, the OCI distribution API
   * otherwise.
   *
   * @param repository the repository
   * @param access how to reach it
   * @return the registry
   * @throws ConfigurationException when this build lacks the provider
   */
  public ImageRegistry registry(ImageReference repository, RegistryAccess access) {
    if (isEcrHost(repository.registry())) {
      return ecrRegistry(repository);
    }
    return ociRegistry(repository, access);
  }

  /**
   * @param repository a repository on an OCI distribution registry
   * @param access how to reach it
   * @return the registry client
   */
  protected ImageRegistry ociRegistry(ImageReference repository, RegistryAccess access) {
    throw unavailable("the OCI registry client", "OciImageRegistry", "sdk-oci");
  }

  /**
   * @param repository a repository on Amazon ECR
   * @return the registry client
   */
  protected ImageRegistry ecrRegistry(ImageReference repository) {
    throw unavailable("the Amazon ECR client", "EcrImageRegistry", "sdk-aws");
  }

  /**
   * The Atmos deployer running {@code executable} as a child process.
   *
   * @param settings component and image variable
   * @param executable the atmos program
   * @param environment variables the child process gets on top of this process's
   * @param workingDir where atmos runs (the directory holding {@code atmos.yaml})
   * @return the deployer
   */
  public StackDeployer atmos(BatonConfig.AtmosSettings settings, String executable,
      Map<String, String> environment, Path workingDir) {
    throw unavailable("the Atmos deployer", "AtmosStackDeployer", "sdk-atmos");
  }

  /**
   * The testkit's fake {@code atmos}, installed as an executable in {@code dir}, for the demo.
   *
   * @param dir an empty directory for the program and its state
   * @return the installed fake, or empty when this build does not have it
   */
  public Optional<FakeAtmosInstall> fakeAtmos(Path dir) {
    return Optional.empty();
  }

  /**
   * @param table the environment table
   * @param releases resolves release tags to commits; null to rely on {@code GITHUB_SHA}
   * @return the resolver of GitHub webhook events
   */
  public GitHubEventResolver eventResolver(Environments table, ReleaseSource releases) {
    GitHubEventResolver.Builder b = GitHubEventResolver.builder(table);
    if (releases != null) {
      b.releaseSource(releases);
    }
    return b.build();
  }

  /**
   * GitHub Releases as the release source.
   *
   * @param github the repository and token
   * @param tagTemplate the draft's tag template, e.g. {@code $VERSION}
   * @return the release source
   */
  public ReleaseSource githubReleases(GitHubAccess github, String tagTemplate) {
    throw unavailable("GitHub Releases", "GitHubReleaseSource", "sdk-github");
  }

  /**
   * GitHub Deployments as the shared ledger.
   *
   * @param github the repository and token
   * @return the ledger
   */
  public DeploymentLedger githubLedger(GitHubAccess github) {
    throw unavailable("GitHub Deployments", "GitHubDeploymentLedger", "sdk-github");
  }

  /**
   * One line per provider, saying whether this build has it, for {@code baton --version}.
   *
   * @return the lines
   */
  public List<String> inventory() {
    return List.of(
        line("OCI registries", "OciImageRegistry", false),
        line("Amazon ECR", "EcrImageRegistry", false),
        line("Atmos", "AtmosStackDeployer", false),
        line("GitHub events", "GitHubEventResolver", true),
        line("GitHub Releases", "GitHubReleaseSource", false),
        line("GitHub Deployments", "GitHubDeploymentLedger", false));
  }

  private static String line(String what, String type, boolean wired) {
    return String.format("  %-20s %-24s %s", what, type, wired ? "available" : "not available");
  }

  /**
   * @param what the capability, for the message
   * @param type the provider class
   * @param module the module that holds it
   * @return the error to throw
   */
  protected static ConfigurationException unavailable(String what, String type, String module) {
    return new ConfigurationException(what + " is not available in this build of baton ("
        + type + " from " + module + " is not wired in)", "use a baton.jar built with " + module
        + " wired into dev.baton.examples.internal.Providers; meanwhile 'baton demo' and"
        + " 'baton plan --offline' work without it");
  }

  /**
   * How to reach a registry.
   *
   * @param plainHttp whether to use plain HTTP (loopback registries only)
   * @param username the user name for basic or token authentication, when configured
   * @param password the password or token, when configured
   */
  public record RegistryAccess(boolean plainHttp, Optional<String> username,
      Optional<Secret> password) {
    /** Checks nothing is null. */
    public RegistryAccess {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /**
     * @param plainHttp whether to use plain HTTP
     * @param env where {@code BATON_REGISTRY_USERNAME} and {@code BATON_REGISTRY_PASSWORD} are read
     * @return the access
     */
    public static RegistryAccess from(boolean plainHttp, RuntimeEnv env) {
      return new RegistryAccess(plainHttp, env.get(RuntimeEnv.BATON_REGISTRY_USERNAME),
          env.secret(RuntimeEnv.BATON_REGISTRY_PASSWORD));
    }
  }

  /**
   * A GitHub repository and the token to act on it.
   *
   * @param repository {@code owner/name}
   * @param token the token; never printed
   * @param apiUrl the REST API's base URL
   * @param runId the workflow run, or empty
   */
  public record GitHubAccess(String repository, Secret token, URI apiUrl, String runId) {
    /** Checks nothing is null. */
    public GitHubAccess {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(runId, "runId");
    }
  }

  /**
   * An installed fake atmos.
   *
   * @param executable the program to run
   * @param environment the variables it needs (its state directory)
   * @param workingDir where to run it
   */
  public record FakeAtmosInstall(Path executable, Map<String, String> environment,
      Path workingDir) {}
}
