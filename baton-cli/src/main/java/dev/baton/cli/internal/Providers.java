package dev.baton.cli.internal;

import dev.baton.ConfigurationException;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.Secret;
import dev.baton.atmos.AtmosStackDeployer;
import dev.baton.aws.EcrImageRegistry;
import dev.baton.github.GitCommitHistory;
import dev.baton.github.GitHubCommitHistory;
import dev.baton.github.GitHubConnection;
import dev.baton.github.GitHubDeploymentLedger;
import dev.baton.github.GitHubEventResolver;
import dev.baton.github.GitHubPullRequestSource;
import dev.baton.github.GitHubReleaseSource;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.internal.Json;
import dev.baton.oci.CredentialsProvider;
import dev.baton.oci.OciImageRegistry;
import dev.baton.oci.RegistryCredentials;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.PullRequestSource;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.atmos.FakeAtmos;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where the commands get their real providers. Every provider is made here and nowhere else, so
 * that a provider this build does not have fails in one place, plainly, with a {@link
 * ConfigurationException} saying which module is missing, rather than being faked. Tests subclass
 * it to put the testkit's fakes behind the same calls.
 */
public class Providers {
  private static final String GHCR = "ghcr.io";

  /** The providers this build has. */
  public Providers() {}

  /**
   * The OCI provider's own loopback rule ({@link OciImageRegistry#isLoopback}).
   *
   * @param registry a registry host, with an optional port
   * @return whether it is on this machine, where plain HTTP is acceptable
   */
  public static boolean isLoopback(String registry) {
    return OciImageRegistry.isLoopback(registry);
  }

  /**
   * @param reference an image reference
   * @return whether it names an Amazon ECR registry, reached through ECR's API ({@link
   *     EcrImageRegistry#serves})
   */
  public static boolean isEcr(ImageReference reference) {
    return EcrImageRegistry.serves(reference);
  }

  /**
   * The registry that holds {@code repository}: ECR's API for ECR hosts, the OCI distribution API
   * otherwise.
   *
   * @param repository the repository
   * @param access how to reach it
   * @param owned where the client made is registered, to be closed when the command ends
   * @return the registry
   * @throws ConfigurationException when this build lacks the provider
   */
  public ImageRegistry registry(ImageReference repository, RegistryAccess access, Owned owned) {
    if (isEcr(repository)) {
      return owned.add(ecrRegistry(repository, access));
    }
    return owned.add(ociRegistry(repository, access));
  }

  /**
   * @param repository a repository on an OCI distribution registry
   * @param access how to reach it
   * @return the registry client
   */
  protected OciImageRegistry ociRegistry(ImageReference repository, RegistryAccess access) {
    String host = repository.apiHost();
    CredentialsProvider credentials = CredentialsProvider.anonymous();
    if (access.username().isPresent() && access.password().isPresent()) {
      credentials =
          CredentialsProvider.of(
              host, new RegistryCredentials(access.username().get(), access.password().get()));
    } else if (host.equals(GHCR) && access.githubToken().isPresent()) {
      // GHCR takes the workflow's token as the password of any user name.
      credentials =
          CredentialsProvider.of(
              host, new RegistryCredentials("x-access-token", access.githubToken().get()));
    }
    OciImageRegistry.Builder b = OciImageRegistry.builder().credentials(credentials);
    if (access.plainHttp()) {
      b.plainHttp(repository.registry());
    }
    return b.build();
  }

  /**
   * @param repository a repository on Amazon ECR
   * @param access its PutImage pace, when set
   * @return the registry client
   */
  protected EcrImageRegistry ecrRegistry(ImageReference repository, RegistryAccess access) {
    // The AWS SDK's default credentials chain: in GitHub Actions, the role assumed through OIDC.
    EcrImageRegistry.Builder b = EcrImageRegistry.builder();
    access.ecrPutImageRate().ifPresent(b::putImageRate);
    return b.build();
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
  public StackDeployer atmos(
      BatonConfig.AtmosSettings settings,
      String executable,
      Map<String, String> environment,
      Path workingDir) {
    AtmosStackDeployer.Builder b =
        AtmosStackDeployer.builder()
            .binary(executable)
            .workingDirectory(workingDir)
            .component(settings.component())
            .imageVariable(settings.imageVariable())
            .imageVariableCheck(settings.imageVariableCheck())
            .timeout(settings.timeout())
            .gracePeriod(settings.gracePeriod());
    environment.forEach(b::environment);
    return b.build();
  }

  /**
   * The testkit's fake {@code atmos}, installed as an executable in {@code dir}, for the demo.
   *
   * @param dir an empty directory for the program and its state
   * @return the installed fake, or empty when this build does not have it
   */
  public Optional<FakeAtmosInstall> fakeAtmos(Path dir) {
    FakeAtmos fake = FakeAtmos.install(dir);
    return Optional.of(new FakeAtmosInstall(fake.executable(), fake.environment(), dir));
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
   * @param owned where the GitHub connection is registered, to be closed when the command ends
   * @return the release source
   */
  public ReleaseSource githubReleases(GitHubAccess github, String tagTemplate, Owned owned) {
    return GitHubReleaseSource.builder(connection(github, owned)).tagTemplate(tagTemplate).build();
  }

  /**
   * GitHub Deployments as the shared ledger.
   *
   * @param github the repository and token
   * @param table the environment table, for the GitHub environment names
   * @param owned where the GitHub connection is registered, to be closed when the command ends
   * @return the ledger
   */
  public DeploymentLedger githubLedger(GitHubAccess github, Environments table, Owned owned) {
    return GitHubDeploymentLedger.builder(connection(github, owned)).environments(table).build();
  }

  /**
   * Pull requests' state and labels, for the preview sweeper.
   *
   * @param github the repository and token
   * @param owned where the GitHub connection is registered, to be closed when the command ends
   * @return the source
   */
  public PullRequestSource githubPullRequests(GitHubAccess github, Owned owned) {
    return GitHubPullRequestSource.of(connection(github, owned));
  }

  /**
   * How commits relate, from a local git clone.
   *
   * @param directory the clone's directory, or one below it
   * @param owned where the repository is registered, to be closed when the command ends
   * @return the history
   * @throws ConfigurationException when no git repository contains the directory
   */
  public CommitHistory gitHistory(Path directory, Owned owned) {
    return owned.add(GitCommitHistory.open(directory));
  }

  /**
   * How commits relate, as GitHub's compare API says.
   *
   * @param github the repository and token
   * @param owned where the GitHub connection is registered, to be closed when the command ends
   * @return the history
   */
  public CommitHistory githubHistory(GitHubAccess github, Owned owned) {
    return GitHubCommitHistory.of(connection(github, owned));
  }

  /**
   * The lease store and ledger shared by the processes of the flow, as {@code baton.yaml}'s {@code
   * coordination} section names them ({@link Coordination#open}).
   *
   * @param settings the section
   * @param ctx the environment and the redactor
   * @param owned where clients are registered, to be closed when the command ends
   * @return the coordination
   * @throws ConfigurationException when this build lacks the store
   */
  public Coordination coordination(CoordinationSettings settings, Context ctx, Owned owned) {
    return Coordination.open(settings, ctx, owned);
  }

  /** One connection per repository and token for the command, shared by releases and ledger. */
  private static GitHubConnection connection(GitHubAccess github, Owned owned) {
    return owned.shared(
        github,
        () ->
            GitHubConnection.builder(github.repository())
                .apiUrl(github.apiUrl())
                .token(github.token())
                .build());
  }

  /**
   * One line per provider, saying whether this build has it, for {@code baton --version}.
   *
   * @return the lines
   */
  public List<String> inventory() {
    return List.of(
        line("OCI registries", "OciImageRegistry", true),
        line("Amazon ECR", "EcrImageRegistry", true),
        line("Atmos", "AtmosStackDeployer", true),
        line("fake atmos (demo)", "FakeAtmos", true),
        line("GitHub events", "GitHubEventResolver", true),
        line("GitHub Releases", "GitHubReleaseSource", true),
        line("GitHub Deployments", "GitHubDeploymentLedger", true),
        line("git history", "GitCommitHistory", true),
        line("GitHub compare", "GitHubCommitHistory", true),
        line("DynamoDB leases", "DynamoDbLeaseStore", true),
        line("PostgreSQL leases", "PostgresLeaseStore", true));
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
    return new ConfigurationException(
        what
            + " is not available in this build of baton ("
            + type
            + " from "
            + module
            + " is not wired in)",
        "use a baton.jar built with "
            + module
            + " wired into dev.baton.cli.internal.Providers; meanwhile 'baton demo' and"
            + " 'baton plan --offline' work without it");
  }

  /**
   * How to reach a registry.
   *
   * @param plainHttp whether to use plain HTTP for a registry not on this machine (loopback
   *     registries always use it)
   * @param username the user name for basic or token authentication, when configured
   * @param password the password or token, when configured
   * @param githubToken the workflow's token, used for {@code ghcr.io} when nothing else is set
   * @param ecrPutImageRate ECR PutImage calls per second, when not the provider's default
   */
  public record RegistryAccess(
      boolean plainHttp,
      Optional<String> username,
      Optional<Secret> password,
      Optional<Secret> githubToken,
      OptionalDouble ecrPutImageRate) {
    /**
     * Checks nothing is null.
     *
     * @param plainHttp whether to use plain HTTP for a registry not on this machine (loopback
     *     registries always use it)
     * @param username the user name for basic or token authentication, when configured
     * @param password the password or token, when configured
     * @param githubToken the workflow's token, used for {@code ghcr.io} when nothing else is set
     * @param ecrPutImageRate ECR PutImage calls per second, when not the provider's default
     */
    public RegistryAccess {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(githubToken, "githubToken");
      Objects.requireNonNull(ecrPutImageRate, "ecrPutImageRate");
    }

    /**
     * The variable that sets how many PutImage calls a second ECR gets: the account's quota, 10 by
     * default ({@link EcrImageRegistry#DEFAULT_PUT_IMAGE_RATE}), more where AWS raised it.
     */
    public static final String BATON_ECR_PUT_IMAGE_RATE = "BATON_ECR_PUT_IMAGE_RATE";

    /** The most PutImage calls a second {@value #BATON_ECR_PUT_IMAGE_RATE} may ask for. */
    public static final double MAX_ECR_PUT_IMAGE_RATE = 1_000;

    /** The registry user name's variable, for registries that are not ECR. */
    public static final String BATON_REGISTRY_USERNAME = "BATON_REGISTRY_USERNAME";

    /** The registry password's (or token's) variable; a secret. */
    public static final String BATON_REGISTRY_PASSWORD = "BATON_REGISTRY_PASSWORD";

    /**
     * @param plainHttp whether to use plain HTTP
     * @param env where {@code BATON_REGISTRY_USERNAME}, {@code BATON_REGISTRY_PASSWORD} and {@value
     *     #BATON_ECR_PUT_IMAGE_RATE} are read
     * @return the access
     * @throws ConfigurationException when {@value #BATON_ECR_PUT_IMAGE_RATE} is not a number of
     *     calls a second from above 0 to {@value #MAX_ECR_PUT_IMAGE_RATE}
     */
    public static RegistryAccess from(boolean plainHttp, RuntimeEnvironment env) {
      return new RegistryAccess(
          plainHttp,
          env.get(BATON_REGISTRY_USERNAME),
          env.secret(BATON_REGISTRY_PASSWORD),
          env.secret(RuntimeEnvironment.GITHUB_TOKEN),
          env.get(BATON_ECR_PUT_IMAGE_RATE).map(RegistryAccess::putImageRate).stream()
              .mapToDouble(Double::doubleValue)
              .findFirst());
    }

    private static double putImageRate(String text) {
      double rate;
      try {
        rate = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        rate = Double.NaN;
      }
      if (!(rate > 0 && rate <= MAX_ECR_PUT_IMAGE_RATE)) {
        throw new ConfigurationException(
            BATON_ECR_PUT_IMAGE_RATE
                + "="
                + Json.quote(text.length() <= 40 ? text : text.substring(0, 40) + "...")
                + " is not a number of PutImage calls a second from above 0 to "
                + (long) MAX_ECR_PUT_IMAGE_RATE,
            "set it to your account's ECR PutImage quota (10 unless AWS raised it), or unset it");
      }
      return rate;
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
    /**
     * Checks nothing is null.
     *
     * @param repository {@code owner/name}
     * @param token the token; never printed
     * @param apiUrl the REST API's base URL
     * @param runId the workflow run, or empty
     */
    public GitHubAccess {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(runId, "runId");
    }

    /**
     * @param env where {@code GITHUB_REPOSITORY}, {@code GITHUB_TOKEN}, {@code GITHUB_API_URL} and
     *     {@code GITHUB_RUN_ID} are read
     * @return the access, when the repository and the token are both set
     */
    public static Optional<GitHubAccess> from(RuntimeEnvironment env) {
      Optional<String> repository = env.get(RuntimeEnvironment.GITHUB_REPOSITORY);
      Optional<Secret> token = env.secret(RuntimeEnvironment.GITHUB_TOKEN);
      if (repository.isEmpty() || token.isEmpty()) {
        return Optional.empty();
      }
      URI api =
          URI.create(env.get(RuntimeEnvironment.GITHUB_API_URL).orElse("https://api.github.com"));
      return Optional.of(
          new GitHubAccess(
              repository.get(),
              token.get(),
              api,
              env.get(RuntimeEnvironment.GITHUB_RUN_ID).orElse("")));
    }
  }

  /**
   * An installed fake atmos.
   *
   * @param executable the program to run
   * @param environment the variables it needs (its state directory)
   * @param workingDir where to run it
   */
  public record FakeAtmosInstall(
      Path executable, Map<String, String> environment, Path workingDir) {}
}
