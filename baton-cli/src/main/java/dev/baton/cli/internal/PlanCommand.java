package dev.baton.cli.internal;

import dev.baton.ActionOutcome;
import dev.baton.Authors;
import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.PipelineEvent;
import dev.baton.Plan;
import dev.baton.PromotionPipeline;
import dev.baton.ReleaseTrigger;
import dev.baton.RunResult;
import dev.baton.Trigger;
import dev.baton.github.GitHubEvent;
import dev.baton.github.GitHubEventResolver;
import dev.baton.github.GitHubReleaseSource;
import dev.baton.github.internal.Payload;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.internal.Json;
import dev.baton.spi.ReleaseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton plan} (what would happen for a GitHub event, with no writes) and {@code baton run}
 * (the same, executed, as a GitHub Actions step).
 */
abstract class PlanCommand extends CliCommand {
  @Option(
      names = "--event-name",
      paramLabel = "NAME",
      description = "the event, e.g." + " pull_request, push, release (default: GITHUB_EVENT_NAME)")
  String eventName;

  @Option(
      names = "--event-path",
      paramLabel = "FILE",
      description = "its webhook payload (default: GITHUB_EVENT_PATH)")
  String eventPath;

  @Mixin ConfigOption config = new ConfigOption();

  private final boolean execute;

  private PlanCommand(Context ctx, boolean execute) {
    super(ctx);
    this.execute = execute;
  }

  /** {@code --json}. */
  abstract boolean json();

  /** {@code --offline}. */
  abstract boolean offline();

  /** {@code --approve}, when given. */
  abstract String approve();

  /** {@code --only}, when given. */
  abstract String only();

  /** {@return the break-glass option, or null for a command that has none} */
  abstract BreakGlassOption breakGlass();

  /** {@code --timeout}, when given. */
  abstract Duration timeout();

  /** {@code baton plan}: shows what an event would do, with no writes. */
  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      header = "show what a GitHub event would do, with no writes",
      description = {
        "Shows what 'baton run' would do for a GitHub webhook event, and why, with no writes."
            + " The commit comes from GITHUB_SHA when the payload does not fix it"
            + " (pull_request events build the merge commit, release events the tag's"
            + " commit)."
      },
      optionListHeading = "%nOptions:%n",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {
        "0:the plan was made (also when there is nothing to do)",
        "1:it cannot be, or a policy refuses an environment: the plan is printed with a gate"
            + " line (a gates field in JSON) for each, and the refusal 'baton run' would meet"
            + " with its hint",
        "2:bad usage"
      })
  static final class ForPlan extends PlanCommand {
    @Option(
        names = "--json",
        description = "print the plan as JSON (fields in baton-cli/README.md)")
    boolean json;

    @Option(
        names = "--offline",
        description =
            "make no network call at all: digests are shown"
                + " as unresolved and the invariants are not checked")
    boolean offline;

    @Option(
        names = "--only",
        paramLabel = "ENVS",
        description = "show only the steps 'run --only ENVS' would take")
    String only;

    ForPlan(Context ctx) {
      super(ctx, false);
    }

    @Override
    boolean json() {
      return json;
    }

    @Override
    boolean offline() {
      return offline;
    }

    @Override
    String approve() {
      return null;
    }

    @Override
    String only() {
      return only;
    }

    @Override
    BreakGlassOption breakGlass() {
      return null;
    }

    @Override
    Duration timeout() {
      return null;
    }
  }

  /** {@code baton run}: executes what an event calls for. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      header = "execute what a GitHub event calls for (a GitHub Actions step)",
      description = {
        "Executes what the GitHub event calls for: deploys, destroys, tags, the draft release,"
            + " approvals. Made for a GitHub Actions step; it reads GITHUB_EVENT_NAME,"
            + " GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_TOKEN and"
            + " GITHUB_RUN_ID, masks the token, writes the outputs url, digest and image to"
            + " GITHUB_OUTPUT and the Markdown report to GITHUB_STEP_SUMMARY."
      },
      optionListHeading = "%nOptions:%n",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {
        "0:every step succeeded (or there was nothing to do)",
        "1:a step failed or was refused (the error's hint is printed)",
        "2:bad usage",
        "124:the run did not finish within its time limit; the running step was stopped and its"
            + " failure recorded"
      })
  static final class ForRun extends PlanCommand {
    @Option(
        names = "--approve",
        paramLabel = "ENVS",
        description =
            "environments this job is"
                + " approved for: run the step in a job that declares 'environment: ENV', so GitHub's"
                + " required reviewers approve it before the job starts")
    String approve;

    @Option(
        names = "--only",
        paramLabel = "ENVS",
        description =
            "plan and run only these environments (and the release's retag, which is"
                + " idempotent), reading nothing for the others: staging in one job, prod in a later"
                + " job that declares 'environment: prod'; prod is still refused unless the ledger"
                + " shows staging ran the digest")
    String only;

    @Mixin BreakGlassOption breakGlass = new BreakGlassOption();

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        converter = Converters.Timeout.class,
        description =
            "the time the whole run may take, e.g. 90m or 2h (default: run-timeout in"
                + " baton.yaml, else 2h); then the running step is stopped as on SIGTERM, its"
                + " failure recorded, and the exit status is 124")
    Duration timeout;

    ForRun(Context ctx) {
      super(ctx, true);
    }

    @Override
    boolean json() {
      return false;
    }

    @Override
    boolean offline() {
      return false;
    }

    @Override
    String approve() {
      return approve;
    }

    @Override
    String only() {
      return only;
    }

    @Override
    BreakGlassOption breakGlass() {
      return breakGlass;
    }

    @Override
    Duration timeout() {
      return timeout;
    }
  }

  @Override
  Integer call(Owned owned) {
    boolean offline = offline();
    boolean json = json();
    RuntimeEnvironment env = ctx.env();
    String eventName =
        Optional.ofNullable(this.eventName)
            .or(() -> env.get(RuntimeEnvironment.GITHUB_EVENT_NAME))
            .orElseThrow(() -> usage("option --event-name is required (or set GITHUB_EVENT_NAME)"));
    Path eventPath =
        Optional.ofNullable(this.eventPath)
            .or(() -> env.get(RuntimeEnvironment.GITHUB_EVENT_PATH))
            .map(ctx::resolve)
            .orElseThrow(
                () -> usage("option --event-path is required (or set" + " GITHUB_EVENT_PATH)"));
    if (!Files.isRegularFile(eventPath)) {
      throw usage(
          (this.eventPath != null ? "--event-path" : "GITHUB_EVENT_PATH")
              + ": "
              + eventPath
              + " is not a file");
    }
    Set<EnvironmentName> approved = environments(approve(), "--approve");
    Set<EnvironmentName> only = environments(only(), "--only");
    CommitSha githubSha = env.githubSha().orElse(null);
    GitHubActions actions = new GitHubActions(ctx);
    env.secret(RuntimeEnvironment.GITHUB_TOKEN).ifPresent(actions::mask);
    Providers.RegistryAccess registry = Providers.RegistryAccess.from(false, env);
    registry
        .password()
        .ifPresent(
            p ->
                registry
                    .username()
                    .ifPresentOrElse(u -> actions.mask(u, p), () -> actions.mask(p)));

    BatonConfig config = this.config.load(ctx);
    Wired wired = offline ? offline(config, ctx) : online(config, ctx, approved, owned);
    for (EnvironmentName e : approved) {
      config.environments().get(e);
    }
    for (EnvironmentName e : only) {
      config.environments().get(e);
    }
    // At most 25 MiB, refused before it is read whole.
    byte[] payload = Payload.read(eventName, eventPath);
    GitHubEvent event = wired.resolver().event(eventName, payload, githubSha);
    if (event.trigger().isEmpty()) {
      return nothing(event, json, ctx, actions);
    }
    Trigger trigger = event.trigger().get();
    AtomicReference<PipelineEvent.Started> lastStarted = new AtomicReference<>();
    PromotionPipeline.Builder builder =
        wired
            .builder()
            .environments(config.environments())
            .tagScheme(config.tagScheme())
            .resolver(wired.resolver());
    Telemetry.listener(ctx, owned).ifPresent(builder::listener);
    List<ActionOutcome> succeeded = new CopyOnWriteArrayList<>();
    if (execute) {
      builder
          .listener(new ProgressPrinter(ctx.err(), ctx::redact, true))
          .listener(
              e -> {
                if (e instanceof PipelineEvent.Started s) {
                  lastStarted.set(s);
                } else if (e instanceof PipelineEvent.Succeeded s) {
                  succeeded.add(new ActionOutcome(s.action(), s.detail(), "", s.changed()));
                }
              });
    }
    PromotionPipeline pipeline =
        builder.build().withAuthors(authors(event, trigger, config, wired.releases()));
    if (breakGlass() != null) {
      pipeline = breakGlass().apply(pipeline, ctx, this);
    }
    if (!execute) {
      Plan plan = offline ? pipeline.planOffline(trigger, only) : pipeline.plan(trigger, only);
      ctx.out().println(ctx.redact(json ? plan.toJson() : ConsoleText.plan(plan)));
      if (plan.isGated()) {
        // The plan, gates included, is on standard output; the refusal a run would meet goes to
        // standard error with its hint, and the exit status is a refusal's, as for 'baton run'.
        throw plan.gates().get(0).refusal();
      }
      return 0;
    }
    return execute(pipeline, trigger, only, config, ctx, actions, lastStarted, succeeded);
  }

  private int execute(
      PromotionPipeline pipeline,
      Trigger trigger,
      Set<EnvironmentName> only,
      BatonConfig config,
      Context ctx,
      GitHubActions actions,
      AtomicReference<PipelineEvent.Started> lastStarted,
      List<ActionOutcome> succeeded) {
    ctx.err().println("baton run: " + ConsoleText.line(trigger.describe()));
    Report report = new Report("Baton: " + trigger.describe());
    RunResult result;
    Duration limit = timeout() != null ? timeout() : config.runTimeout();
    RunDeadline deadline = RunDeadline.start(limit, ctx.err());
    try {
      result = pipeline.run(trigger, only);
    } catch (BatonException e) {
      // Clears the deadline's interrupt, so that the report can still read the ledger.
      deadline.close();
      PipelineEvent.Started started = lastStarted.get();
      String step = started == null ? "planning" : ProgressPrinter.describe(started.action());
      BatonException failure = deadline.passed() ? deadline.failure(step, e) : e;
      report.failure(step, failure);
      // What the steps before the failure deployed (their URLs are in the run's log).
      report.environments(EnvironmentRow.fromSteps(succeeded));
      actions.appendSummary(ctx.redact(report.toMarkdown(config.environments())));
      throw failure;
    } finally {
      deadline.close();
    }
    // From what this run did, not the ledger: reading every environment's history again costs
    // GitHub requests that grow with it.
    report.run(result).environments(EnvironmentRow.fromSteps(result.outcomes()));
    Map<String, String> outputs = new LinkedHashMap<>();
    result.url().ifPresent(u -> outputs.put("url", u));
    result
        .deployedImage()
        .ifPresent(
            i -> {
              outputs.put("digest", i.digest().map(Object::toString).orElse(""));
              outputs.put("image", i.toString());
            });
    actions.setOutputs(outputs);
    actions.appendSummary(ctx.redact(report.toMarkdown(config.environments())));
    if (result.plan().isEmpty()) {
      ctx.err().println("nothing to do: " + ConsoleText.line(result.plan().reason()));
    }
    outputs.forEach((k, v) -> ctx.out().println(k + "=" + ConsoleText.line(v)));
    return 0;
  }

  private Set<EnvironmentName> environments(String list, String option) {
    Set<EnvironmentName> out = new HashSet<>();
    if (list != null) {
      for (String e : list.split(",")) {
        out.add(parse(option, e.strip(), EnvironmentName::parse));
      }
    }
    return out;
  }

  private int nothing(GitHubEvent event, boolean json, Context ctx, GitHubActions actions) {
    if (json) {
      ctx.out()
          .println(
              "{\"event\":"
                  + Json.quote(event.name())
                  + ",\"trigger\":null,"
                  + "\"reason\":"
                  + Json.quote(event.reason())
                  + ",\"actions\":[]}");
    } else {
      ctx.out().println("nothing to do: " + ConsoleText.line(event.reason()));
    }
    if (execute) {
      actions.appendSummary("# Baton: nothing to do\n\n" + event.reason() + "\n");
    }
    return 0;
  }

  /** Providers and resolver for a plan that may make no call at all. */
  private Wired offline(BatonConfig config, Context ctx) {
    GitHubEventResolver resolver = ctx.providers().eventResolver(config.environments(), null);
    ImageReference repository =
        config
            .configuredRepository()
            .orElseGet(
                () -> {
                  try {
                    return config.repository(ctx.env());
                  } catch (ConfigurationException e) {
                    // Offline, the repository only names images in the plan; say that it is a
                    // stand-in.
                    ImageReference standIn =
                        ImageReference.of("registry.invalid", "unconfigured/app");
                    ctx.err()
                        .println(
                            "note: no image repository is configured; the plan names images in "
                                + standIn
                                + " ("
                                + e.hint()
                                + ")");
                    return standIn;
                  }
                });
    PromotionPipeline.Builder b =
        PromotionPipeline.builder()
            .repository(repository)
            .registry(OfflineProviders.INSTANCE)
            .deployer(OfflineProviders.INSTANCE)
            .releases(OfflineProviders.INSTANCE)
            .approvals(OfflineProviders.INSTANCE);
    return new Wired(b, resolver, null);
  }

  /** The real providers; a provider this build lacks fails here, before anything runs. */
  private Wired online(
      BatonConfig config, Context ctx, Set<EnvironmentName> approved, Owned owned) {
    RuntimeEnvironment env = ctx.env();
    ImageReference repository = config.repository(env);
    if (env.get(RuntimeEnvironment.GITHUB_REPOSITORY).isEmpty()) {
      throw new ConfigurationException(
          "GITHUB_REPOSITORY is not set",
          "run inside GitHub Actions,"
              + " or set GITHUB_REPOSITORY=owner/name (or use 'baton plan --offline')");
    }
    Providers.GitHubAccess github =
        Providers.GitHubAccess.from(env)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "GITHUB_TOKEN is not set",
                        "pass it to the step:"
                            + " 'env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}' (or use 'baton plan --offline')"));
    Providers p = ctx.providers();
    var registry = p.registry(repository, Providers.RegistryAccess.from(false, env), owned);
    ReleaseSource releases = p.githubReleases(github, config.releaseTagTemplate(), owned);
    Shared shared = Shared.open(config, ctx, owned, Optional.of(github));
    var deployer = p.atmos(config.atmos(), config.atmos().executable(), Map.of(), ctx.resolve("."));
    GitHubEventResolver resolver = p.eventResolver(config.environments(), releases);
    String runId = github.runId();
    PromotionPipeline.Builder b =
        PromotionPipeline.builder()
            .repository(repository)
            .registry(registry)
            .deployer(deployer)
            .releases(releases)
            .approvals(
                new JobApprovalGate(
                    approved, "workflow run " + (runId.isEmpty() ? "(local)" : runId)));
    shared.apply(b, Shared.history(Optional.empty(), Optional.of(github), ctx, owned).history());
    return new Wired(b, resolver, releases);
  }

  /** The builder and resolver; {@code releases} is null offline. */
  private record Wired(
      PromotionPipeline.Builder builder, GitHubEventResolver resolver, ReleaseSource releases) {}

  /**
   * Who wrote the commit and published the release, for not-author approval policies: as the
   * event's payload names them, and for a release (whose payload names only its publisher) the
   * commit's author as GitHub knows it, looked up only when some environment needs it.
   */
  private static Authors authors(
      GitHubEvent event, Trigger trigger, BatonConfig config, ReleaseSource releases) {
    Authors named = event.authors();
    boolean needed = config.environments().all().stream().anyMatch(e -> e.approvals().notAuthor());
    if (needed
        && named.commitAuthor().isEmpty()
        && trigger instanceof ReleaseTrigger release
        && releases instanceof GitHubReleaseSource github) {
      return github
          .commitAuthor(release.commit())
          .map(login -> new Authors(login, named.releasePublisher()))
          .orElse(named);
    }
    return named;
  }
}
