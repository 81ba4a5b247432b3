package dev.baton.cli.internal;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.FakeImageRegistry;
import dev.baton.testkit.FakeStackDeployer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton demo}: the seed's whole flow on local parts, in seconds, with no cloud account. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "run the whole flow (preview, dev, release, staging, prod) locally, in seconds",
    description = {
      "Runs the seed's flow end to end on local parts, with no cloud account: a real git"
          + " repository in a temporary directory makes the commits; CI is played by pushing"
          + " sha-<commit> images; the pipeline deploys, destroys, tags and promotes:",
      "",
      "  1. PR #1 opened with label \"deploy\" -> preview #1",
      "  2. label \"deploy\" removed           -> preview #1 destroyed (PR_NUMBER=1)",
      "  3. pull request merged              -> nothing left to destroy",
      "  4. push to main                     -> dev, tag latest, draft release",
      "  5. release published                -> tag the release (no rebuild),",
      "                                         staging, approval, prod",
      "",
      "Then it prints what runs where (dev, staging and prod run one digest) and writes a"
          + " Markdown report with a Mermaid diagram of the promotion."
    },
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the flow completed", "1:a step failed", "2:bad usage"})
final class DemoCommand extends CliCommand {
  static final String DEFAULT_REPORT = "baton-report.md";
  static final ImageReference IN_MEMORY_REPOSITORY =
      ImageReference.parse("registry.demo.test/acme/shop");

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description =
          "use the OCI registry at URL"
              + " (http only on this machine) instead of the in-memory one; a fresh repository is used on"
              + " each run")
  String registry;

  @Option(
      names = "--atmos",
      paramLabel = "PATH",
      description = "run this atmos executable instead of the testkit's fake atmos")
  String atmos;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "where to write the report (default: ./" + DEFAULT_REPORT + ")")
  String report;

  DemoCommand(Context ctx) {
    super(ctx);
  }

  @Override
  Integer call(Owned owned) {
    Optional<URI> registry =
        Optional.ofNullable(this.registry)
            .map(r -> parse("--registry", r, DemoCommand::registryUrl));
    Optional<Path> atmos = Optional.ofNullable(this.atmos).map(ctx::resolve);
    atmos.ifPresent(
        p -> {
          if (!Files.isExecutable(p)) {
            throw usage("--atmos: " + p + " is not an executable file");
          }
        });
    Path report = ctx.resolve(Optional.ofNullable(this.report).orElse(DEFAULT_REPORT));
    long start = System.nanoTime();
    PrintStream out = ctx.out();
    out.println("Baton demo: build once, promote many");
    Path work = tempDir();
    try {
      DemoFlow.DemoSetup setup = setup(registry, atmos, work, ctx, owned);
      ProgressPrinter progress = new ProgressPrinter(out, ctx::redact, false);
      DemoFlow.Result result =
          new DemoFlow(setup, out, progress, Telemetry.listener(ctx, owned)).run(work);
      String markdown =
          new Report("Baton demo: build once, promote many")
              .note(
                  "Every step below ran through `PromotionPipeline` on "
                      + setup.registryDescription()
                      + " and "
                      + setup.deployerDescription()
                      + ".")
              .environments(result.rows())
              .runsOf(result.runs())
              .toMarkdown(result.table());
      write(report, markdown);
      out.println();
      printTable(out, result.rows());
      int status = checkOneDigest(out, result);
      out.println();
      out.println("Report with a Mermaid diagram of the promotion: " + report);
      out.printf(Locale.ROOT, "Finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
      return status;
    } finally {
      deleteTree(work);
    }
  }

  /** The registry, CI and deployer the options ask for; a missing provider fails here. */
  static DemoFlow.DemoSetup setup(
      Optional<URI> registryUrl, Optional<Path> atmos, Path work, Context ctx, Owned owned) {
    ImageReference repository;
    ImageRegistry registry;
    DemoFlow.DemoCi ci;
    String registryDescription;
    if (registryUrl.isPresent()) {
      URI url = registryUrl.get();
      String host = url.getAuthority();
      // A fresh repository per run, so that release 0.1.0 of an earlier run is no conflict.
      repository =
          ImageReference.of(
              host, "baton-demo/shop-" + UUID.randomUUID().toString().substring(0, 8));
      Providers.RegistryAccess access =
          Providers.RegistryAccess.from(url.getScheme().equals("http"), ctx.env());
      registry = ctx.providers().registry(repository, access, owned);
      ci = new OciPush(url, access)::pushImage;
      registryDescription = "the OCI registry at " + url + " (repository " + repository + ")";
    } else {
      FakeImageRegistry fake = new FakeImageRegistry();
      repository = IN_MEMORY_REPOSITORY;
      registry = fake;
      ci = ref -> fake.pushImage(ref).digest();
      registryDescription =
          "an in-memory registry (testkit FakeImageRegistry) holding " + repository;
    }
    StackDeployer deployer;
    String deployerDescription;
    BatonConfig.AtmosSettings settings = BatonConfig.AtmosSettings.defaults();
    if (atmos.isPresent()) {
      deployer =
          ctx.providers()
              .atmos(settings, atmos.get().toString(), Map.of(), Path.of("").toAbsolutePath());
      deployerDescription = "atmos at " + atmos.get() + " (AtmosStackDeployer)";
    } else {
      Optional<Providers.FakeAtmosInstall> fake = ctx.providers().fakeAtmos(work.resolve("atmos"));
      if (fake.isPresent()) {
        deployer =
            ctx.providers()
                .atmos(
                    settings,
                    fake.get().executable().toString(),
                    fake.get().environment(),
                    fake.get().workingDir());
        deployerDescription =
            "the testkit's fake atmos as a child process, through" + " AtmosStackDeployer";
      } else {
        deployer = new FakeStackDeployer();
        deployerDescription =
            "an in-memory deployer (testkit FakeStackDeployer): this build has"
                + " no Atmos deployer (sdk-atmos), so no atmos process runs";
      }
    }
    return new DemoFlow.DemoSetup(
        repository, registry, ci, deployer, registryDescription, deployerDescription);
  }

  static URI registryUrl(String text) {
    URI url = URI.create(text);
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("\"" + text + "\" is not an http:// or https:// URL");
    }
    if (url.getAuthority() == null
        || (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/"))) {
      throw new IllegalArgumentException("\"" + text + "\" must be scheme://host[:port] only");
    }
    if (url.getScheme().equals("http") && !Providers.isLoopback(url.getAuthority())) {
      throw new IllegalArgumentException(
          "plain http is accepted for this machine only"
              + " (127.0.0.1, localhost, [::1]), not "
              + url.getAuthority());
    }
    return url;
  }

  /**
   * Fails unless dev, staging and prod run one digest: the demo's claim is checked, not assumed.
   */
  private static int checkOneDigest(PrintStream out, DemoFlow.Result result) {
    List<Digest> digests = new ArrayList<>();
    for (String env : List.of("dev", "staging", "prod")) {
      EnvironmentRow.find(result.rows(), env).ifPresent(r -> digests.add(r.digest()));
    }
    if (digests.size() == 3 && digests.stream().distinct().count() == 1) {
      out.println("dev, staging and prod run one digest: " + digests.get(0));
      return 0;
    }
    out.println("dev, staging and prod do NOT run one digest: " + digests);
    return 1;
  }

  static void printTable(PrintStream out, List<EnvironmentRow> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"ENVIRONMENT", "DIGEST", "TAG", "URL"});
    for (EnvironmentRow r : rows) {
      String tag = r.tag();
      String url = r.url().isEmpty() ? "(" + r.status() + ")" : r.url();
      cells.add(new String[] {r.target().toString(), r.digest().toString(), tag, url});
    }
    int[] width = new int[4];
    for (String[] row : cells) {
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : cells) {
      out.println(
          String.format(
                  Locale.ROOT,
                  "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s",
                  (Object[]) row)
              .stripTrailing());
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ProviderException.permanent(
          "cannot write the report to " + file + ": " + e, "pass --report with a writable path", e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("baton-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover temporary directory is harmless.
    }
  }
}
