package dev.baton.cli.internal;

import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.PipelineEvent;
import dev.baton.Plan;
import dev.baton.PlannedAction;
import dev.baton.PromotionPipeline;
import dev.baton.RunResult;
import dev.baton.Secret;
import dev.baton.Trigger;
import dev.baton.github.GitHubEvent;
import dev.baton.github.GitHubEventResolver;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.internal.Json;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.ReleaseSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code baton plan} (what would happen for a GitHub event, with no writes) and {@code baton run}
 * (the same, executed, as a GitHub Actions step).
 */
public final class PlanCommand implements Command {
  private static final Set<String> PLAN_VALUED = Set.of("--event-name", "--event-path",
      "--config", "--only");
  private static final Set<String> PLAN_FLAGS = Set.of("--json", "--offline");
  private static final Set<String> RUN_VALUED = Set.of("--event-name", "--event-path",
      "--config", "--approve", "--only");

  private final boolean execute;

  private PlanCommand(boolean execute) {
    this.execute = execute;
  }

  /** {@code baton plan}: shows what an event would do, with no writes. */
  public static PlanCommand forPlan() {
    return new PlanCommand(false);
  }

  /** {@code baton run}: executes what an event calls for. */
  public static PlanCommand forRun() {
    return new PlanCommand(true);
  }

  @Override
  public String name() {
    return execute ? "run" : "plan";
  }

  @Override
  public String summary() {
    return execute ? "execute what a GitHub event calls for (a GitHub Actions step)"
        : "show what a GitHub event would do, with no writes";
  }

  @Override
  public String help() {
    return execute ? """
        Usage: baton run [--config baton.yaml] [--approve ENV[,ENV...]] [--only ENV[,ENV...]]
                         [--event-name NAME --event-path FILE]

        Executes what the GitHub event calls for: deploys, destroys, tags, the draft release,
        approvals. Made for a GitHub Actions step; it reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
        GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_TOKEN and GITHUB_RUN_ID, masks the token, writes
        the outputs url, digest and image to GITHUB_OUTPUT and the Markdown report to
        GITHUB_STEP_SUMMARY.

        Options:
          --config FILE      the configuration (default: ./baton.yaml if present, else the
                             seed's defaults)
          --approve ENVS     environments this job is approved for: run the step in a job that
                             declares 'environment: ENV', so GitHub's required reviewers approve
                             it before the job starts
          --only ENVS        run only the steps of these environments (and the release's
                             retag, which is idempotent): staging in one job, prod in a later
                             job that declares 'environment: prod'; prod is still refused
                             unless staging ran the digest
          --event-name NAME  override GITHUB_EVENT_NAME
          --event-path FILE  override GITHUB_EVENT_PATH
          -h, --help         show this help

        Exit status: 0 when every step succeeded (or there was nothing to do), 1 when a step
        failed (the error's hint is printed), 2 on bad usage.
        """ : """
        Usage: baton plan --event-name NAME --event-path FILE [--config baton.yaml]
                          [--json] [--offline] [--only ENV[,ENV...]]

        Shows what 'baton run' would do for a GitHub webhook event, and why, with no writes.
        The commit comes from GITHUB_SHA when the payload does not fix it (pull_request events
        build the merge commit, release events the tag's commit).

        Options:
          --event-name NAME  the event, e.g. pull_request, push, release (default:
                             GITHUB_EVENT_NAME)
          --event-path FILE  its webhook payload (default: GITHUB_EVENT_PATH)
          --config FILE      the configuration (default: ./baton.yaml if present, else the
                             seed's defaults)
          --json             print the plan as JSON (fields in baton-cli/README.md)
          --only ENVS        show only the steps 'run --only ENVS' would take
          --offline          make no network call at all: digests are shown as unresolved and
                             the invariants are not checked
          -h, --help         show this help

        Exit status: 0 when the plan was made (also when there is nothing to do), 1 when it
        cannot be (the error's hint is printed), 2 on bad usage.
        """;
  }

  @Override
  public int run(List<String> argv, Context ctx) {
    Args args = execute ? Args.parse(argv, RUN_VALUED, Set.of())
        : Args.parse(argv, PLAN_VALUED, PLAN_FLAGS);
    if (args.help()) {
      ctx.out().print(help());
      return 0;
    }
    args.expectPositionals();
    boolean offline = args.flag("--offline");
    boolean json = args.flag("--json");
    RuntimeEnvironment env = ctx.env();
    String eventName = args.option("--event-name").or(() -> env.get(RuntimeEnvironment.GITHUB_EVENT_NAME))
        .orElseThrow(() -> new UsageException("option --event-name is required (or set"
            + " GITHUB_EVENT_NAME)"));
    Path eventPath = args.option("--event-path").or(() -> env.get(RuntimeEnvironment.GITHUB_EVENT_PATH))
        .map(ctx::resolve).orElseThrow(() -> new UsageException("option --event-path is"
            + " required (or set GITHUB_EVENT_PATH)"));
    if (!Files.isRegularFile(eventPath)) {
      throw new UsageException((args.option("--event-path").isPresent() ? "--event-path"
          : "GITHUB_EVENT_PATH") + ": " + eventPath + " is not a file");
    }
    Set<EnvironmentName> approved = environments(args, "--approve");
    Set<EnvironmentName> only = environments(args, "--only");
    CommitSha githubSha = env.githubSha().orElse(null);
    GitHubActions actions = new GitHubActions(ctx);
    env.secret(RuntimeEnvironment.GITHUB_TOKEN).ifPresent(actions::mask);
    Providers.RegistryAccess registry = Providers.RegistryAccess.from(false, env);
    registry.password().ifPresent(p -> registry.username()
        .ifPresentOrElse(u -> actions.mask(u, p), () -> actions.mask(p)));

    BatonConfig config = ConfigLoader.forCommand(args.option("--config"), ctx);
    Wired wired = offline ? offline(config, ctx) : online(config, ctx, approved);
    for (EnvironmentName e : approved) {
      config.environments().get(e);
    }
    for (EnvironmentName e : only) {
      config.environments().get(e);
    }
    byte[] payload = read(eventPath);
    GitHubEvent event = wired.resolver().event(eventName, payload, githubSha);
    if (event.trigger().isEmpty()) {
      return nothing(event, json, ctx, actions);
    }
    Trigger trigger = event.trigger().get();
    AtomicReference<PipelineEvent.Started> lastStarted = new AtomicReference<>();
    PromotionPipeline.Builder builder = wired.builder()
        .environments(config.environments())
        .tagScheme(config.tagScheme())
        .resolver(wired.resolver());
    if (execute) {
      builder.listener(new ProgressPrinter(ctx.err(), ctx::redact, true))
          .listener(e -> {
            if (e instanceof PipelineEvent.Started s) {
              lastStarted.set(s);
            }
          });
    }
    PromotionPipeline pipeline = builder.build();
    if (!execute) {
      Plan plan = only(offline ? pipeline.planOffline(trigger) : pipeline.plan(trigger), only);
      ctx.out().println(ctx.redact(json ? plan.toJson() : plan.toString()));
      return 0;
    }
    return execute(pipeline, trigger, only, config, ctx, actions, lastStarted);
  }

  private int execute(PromotionPipeline pipeline, Trigger trigger, Set<EnvironmentName> only,
      BatonConfig config, Context ctx, GitHubActions actions,
      AtomicReference<PipelineEvent.Started> lastStarted) {
    ctx.err().println("baton run: " + trigger.describe());
    Report report = new Report("Baton: " + trigger.describe());
    RunResult result;
    try {
      result = only.isEmpty() ? pipeline.run(trigger)
          : pipeline.execute(only(pipeline.plan(trigger), only));
    } catch (BatonException e) {
      PipelineEvent.Started started = lastStarted.get();
      report.failure(started == null ? "planning" : ProgressPrinter.describe(started.action()), e);
      report.environments(rowsOrEmpty(config, pipeline.ledger()));
      actions.appendSummary(ctx.redact(report.toMarkdown(config.environments())));
      throw e;
    }
    report.run(result).environments(rowsOrEmpty(config, pipeline.ledger()));
    Map<String, String> outputs = new LinkedHashMap<>();
    result.url().ifPresent(u -> outputs.put("url", u));
    result.deployedImage().ifPresent(i -> {
      outputs.put("digest", i.digest().map(Object::toString).orElse(""));
      outputs.put("image", i.toString());
    });
    actions.setOutputs(outputs);
    actions.appendSummary(ctx.redact(report.toMarkdown(config.environments())));
    if (result.plan().isEmpty()) {
      ctx.err().println("nothing to do: " + result.plan().reason());
    }
    outputs.forEach((k, v) -> ctx.out().println(k + "=" + v));
    return 0;
  }

  private static Set<EnvironmentName> environments(Args args, String option) {
    Set<EnvironmentName> out = new HashSet<>();
    args.option(option).ifPresent(list -> {
      for (String e : list.split(",")) {
        out.add(Args.parseValue(option, e.strip(), EnvironmentName::parse));
      }
    });
    return out;
  }

  /**
   * The plan's steps for the given environments only, plus steps that belong to no environment
   * (a release's retag, which is idempotent, so every job may repeat it). The pipeline still
   * checks each step's invariants when it runs: prod is refused unless staging ran the digest.
   */
  static Plan only(Plan plan, Set<EnvironmentName> only) {
    if (only.isEmpty()) {
      return plan;
    }
    List<PlannedAction> kept = plan.actions().stream()
        .filter(a -> !(a instanceof PlannedAction.Targeted t)
            || only.contains(t.target().environment()))
        .toList();
    return new Plan(plan.trigger(), plan.reason() + " (this run: only " + new TreeSet<>(
        only.stream().map(EnvironmentName::value).toList()) + ")", kept);
  }

  /** The ledger's view for the report; a ledger that cannot be read leaves the table out. */
  private static List<EnvironmentRow> rowsOrEmpty(BatonConfig config, DeploymentLedger ledger) {
    try {
      return EnvironmentRow.fromLedger(config.environments(), ledger);
    } catch (BatonException e) {
      return List.of();
    }
  }

  private int nothing(GitHubEvent event, boolean json, Context ctx, GitHubActions actions) {
    if (json) {
      ctx.out().println("{\"event\":" + Json.quote(event.name()) + ",\"trigger\":null,"
          + "\"reason\":" + Json.quote(event.reason()) + ",\"actions\":[]}");
    } else {
      ctx.out().println("nothing to do: " + event.reason());
    }
    if (execute) {
      actions.appendSummary("# Baton: nothing to do\n\n" + event.reason() + "\n");
    }
    return 0;
  }

  /** Providers and resolver for a plan that may make no call at all. */
  private Wired offline(BatonConfig config, Context ctx) {
    GitHubEventResolver resolver = ctx.providers().eventResolver(config.environments(), null);
    ImageReference repository = config.configuredRepository().orElseGet(() -> {
      try {
        return config.repository(ctx.env());
      } catch (ConfigurationException e) {
        // Offline, the repository only names images in the plan; say that it is a stand-in.
        ImageReference standIn = ImageReference.of("registry.invalid", "unconfigured/app");
        ctx.err().println("note: no image repository is configured; the plan names images in "
            + standIn + " (" + e.hint() + ")");
        return standIn;
      }
    });
    PromotionPipeline.Builder b = PromotionPipeline.builder().repository(repository)
        .registry(OfflineProviders.INSTANCE).deployer(OfflineProviders.INSTANCE)
        .releases(OfflineProviders.INSTANCE).approvals(OfflineProviders.INSTANCE);
    return new Wired(b, resolver);
  }

  /** The real providers; a provider this build lacks fails here, before anything runs. */
  private Wired online(BatonConfig config, Context ctx, Set<EnvironmentName> approved) {
    RuntimeEnvironment env = ctx.env();
    ImageReference repository = config.repository(env);
    String repo = env.get(RuntimeEnvironment.GITHUB_REPOSITORY).orElseThrow(() ->
        new ConfigurationException("GITHUB_REPOSITORY is not set", "run inside GitHub Actions,"
            + " or set GITHUB_REPOSITORY=owner/name (or use 'baton plan --offline')"));
    Secret token = env.secret(RuntimeEnvironment.GITHUB_TOKEN).orElseThrow(() ->
        new ConfigurationException("GITHUB_TOKEN is not set", "pass it to the step:"
            + " 'env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}' (or use 'baton plan --offline')"));
    URI api = URI.create(env.get(RuntimeEnvironment.GITHUB_API_URL).orElse("https://api.github.com"));
    String runId = env.get(RuntimeEnvironment.GITHUB_RUN_ID).orElse("");
    Providers.GitHubAccess github = new Providers.GitHubAccess(repo, token, api, runId);
    Providers p = ctx.providers();
    var registry = p.registry(repository, Providers.RegistryAccess.from(false, env));
    ReleaseSource releases = p.githubReleases(github, config.releaseTagTemplate());
    DeploymentLedger ledger = p.githubLedger(github, config.environments());
    var deployer = p.atmos(config.atmos(), config.atmos().executable(), Map.of(),
        ctx.resolve("."));
    GitHubEventResolver resolver = p.eventResolver(config.environments(), releases);
    PromotionPipeline.Builder b = PromotionPipeline.builder().repository(repository)
        .registry(registry).deployer(deployer).releases(releases).ledger(ledger)
        .approvals(new JobApprovalGate(approved, "workflow run " + (runId.isEmpty() ? "(local)"
            : runId)));
    return new Wired(b, resolver);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read the event payload " + file + ": " + e,
          "check --event-path (or GITHUB_EVENT_PATH)", e);
    }
  }

  private record Wired(PromotionPipeline.Builder builder, GitHubEventResolver resolver) {}
}
