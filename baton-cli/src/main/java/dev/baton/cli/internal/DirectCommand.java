package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Environment;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.PlannedAction;
import dev.baton.PromotionPipeline;
import dev.baton.RunResult;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.DeploymentRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;

/**
 * A command that acts on one deployment target directly, outside a GitHub event: {@code deploy},
 * {@code destroy}, {@code rollback}, and {@code status}, which reads. They share the configuration,
 * the providers {@code run} uses, and the coordination's leases and ledger ({@link Shared}).
 */
abstract class DirectCommand extends CliCommand {
  @Mixin ConfigOption config = new ConfigOption();

  DirectCommand(Context ctx) {
    super(ctx);
  }

  /** {@return the configuration} */
  BatonConfig loadConfig() {
    return config.load(ctx);
  }

  /** {@return GitHub's repository and token, when both are set} */
  Optional<Providers.GitHubAccess> github() {
    return Providers.GitHubAccess.from(ctx.env());
  }

  /**
   * Opens the shared leases and ledger, and says on standard error where each comes from.
   *
   * @param config the configuration
   * @param owned where clients are registered
   * @return the shared state
   */
  Shared shared(BatonConfig config, Owned owned) {
    Shared shared = Shared.open(config, ctx, owned, github());
    ctx.err().println(ctx.redact(shared.describe(null)));
    return shared;
  }

  /**
   * @param config the configuration
   * @param environment the {@code ENV} argument
   * @param pullRequest the {@code --pr} option, or null
   * @return the target: the environment's one, or the pull request's instance
   */
  DeploymentTarget target(BatonConfig config, String environment, Integer pullRequest) {
    EnvironmentName name = parse("ENV", environment, EnvironmentName::parse);
    Environment env = config.environments().get(name);
    if (env.isPerPullRequest() && pullRequest == null) {
      throw usage("--pr is required: " + name + " has one instance per pull request");
    }
    if (!env.isPerPullRequest() && pullRequest != null) {
      throw usage("--pr: " + name + " is a shared environment, with one instance; leave --pr out");
    }
    return pullRequest == null
        ? DeploymentTarget.of(name)
        : parse(
            "--pr", pullRequest.toString(), n -> DeploymentTarget.pullRequest(name, pullRequest));
  }

  /**
   * The pipeline with the real providers, as {@code run} has them, and the shared state. Without
   * GitHub, no draft release is made: an environment that drafts releases is deployed without.
   *
   * @param config the configuration
   * @param target the target acted on; null for a command that acts on many ({@code sweep})
   * @param shared the leases and the ledger
   * @param history the history that orders commits
   * @param approved whether {@code --approved} was given
   * @param owned where clients are registered
   * @return the pipeline
   */
  PromotionPipeline pipeline(
      BatonConfig config,
      DeploymentTarget target,
      Shared shared,
      CommitHistory history,
      boolean approved,
      Owned owned) {
    RuntimeEnvironment env = ctx.env();
    Providers p = ctx.providers();
    ImageReference repository = config.repository(env);
    Optional<Providers.GitHubAccess> github = github();
    Environments table = config.environments();
    PromotionPipeline.Builder b =
        PromotionPipeline.builder()
            .repository(repository)
            .registry(p.registry(repository, Providers.RegistryAccess.from(false, env), owned))
            .deployer(
                p.atmos(config.atmos(), config.atmos().executable(), Map.of(), ctx.resolve(".")))
            .approvals(
                new JobApprovalGate(
                    approved ? Set.of(target.environment()) : Set.of(),
                    "baton " + spec.name() + " --approved",
                    "--approved"))
            .tagScheme(config.tagScheme())
            .listener(new ProgressPrinter(ctx.err(), ctx::redact, true));
    if (github.isPresent()) {
      b.releases(p.githubReleases(github.get(), config.releaseTagTemplate(), owned));
    } else {
      table = withoutDraftReleases(table, target);
    }
    Telemetry.listener(ctx, owned).ifPresent(b::listener);
    return shared.apply(b.environments(table), history).build();
  }

  /** The table with no draft release, saying so when the target's environment would make one. */
  private Environments withoutDraftReleases(Environments table, DeploymentTarget target) {
    Environments.Builder b = table.toBuilder();
    for (Environment e : table.all()) {
      if (e.draftsRelease()) {
        b.change(e.name().value(), changed -> changed.draftsRelease(false));
        if (target != null && e.name().equals(target.environment())) {
          ctx.err()
              .println(
                  "note: the draft release is not updated: GITHUB_REPOSITORY and GITHUB_TOKEN are"
                      + " not both set");
        }
      }
    }
    return b.build();
  }

  /**
   * Prints the outcome, one {@code key=value} a line, on standard output.
   *
   * @param outputs the keys and values, in order
   */
  void print(Map<String, String> outputs) {
    outputs.forEach((k, v) -> ctx.out().println(k + "=" + ConsoleText.line(ctx.redact(v))));
  }

  /**
   * @param what {@code deployed}, {@code already-current}, {@code rolled-back}
   * @param target the target
   * @param record its deployment
   * @return the outputs that describe it
   */
  static Map<String, String> outputs(
      String what, DeploymentTarget target, DeploymentRecord record) {
    return outputs(
        what,
        target,
        Optional.of(record.commit()),
        Optional.of(record.image()),
        Optional.of(record.url()).filter(u -> !u.isEmpty()));
  }

  /**
   * @param what {@code deployed}, {@code rolled-back}
   * @param target the target
   * @param result what the run did
   * @return the outputs that describe it
   */
  static Map<String, String> outputs(String what, DeploymentTarget target, RunResult result) {
    Optional<CommitSha> commit =
        result.plan().actions().stream()
            .filter(a -> a instanceof PlannedAction.Deploy)
            .map(a -> ((PlannedAction.Deploy) a).commit())
            .reduce((first, last) -> last);
    return outputs(what, target, commit, result.deployedImage(), result.url());
  }

  private static Map<String, String> outputs(
      String what,
      DeploymentTarget target,
      Optional<CommitSha> commit,
      Optional<ImageReference> image,
      Optional<String> url) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("result", what);
    out.put("target", target.toString());
    commit.ifPresent(c -> out.put("commit", c.value()));
    image.ifPresent(
        i -> {
          out.put("digest", i.digest().map(Object::toString).orElse(""));
          out.put("image", i.toString());
        });
    url.ifPresent(u -> out.put("url", u));
    return out;
  }
}
