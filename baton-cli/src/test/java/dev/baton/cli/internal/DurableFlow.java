package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.StackName;
import dev.baton.Tag;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.Fence;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Progress;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.StackDeployer;
import dev.baton.spi.TagPolicy;
import dev.baton.testkit.FakeImageRegistry;
import dev.baton.testkit.FakeReleaseSource;
import dev.baton.testkit.FakeStackDeployer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A release flow whose provider state outlives the process: {@code baton run} for a push to the
 * default branch (dev), then for a published release ({@code --approve prod}: the release's tag,
 * staging, prod), over the testkit's fakes made durable by a journal. Every write to the registry,
 * the ledger, the release source or the deployer is appended to {@code journal.tsv} once it has
 * been done, and a new process replays the journal into fresh fakes before it starts, so a process
 * killed between two writes leaves exactly the writes before the kill. A process started with a
 * crash point halts the JVM ({@link Runtime#halt}, as SIGKILL would end it: no shutdown hook, no
 * finally) just before its write number K, or when its step ends after its last write.
 */
final class DurableFlow {
  static final int HALTED = 97;
  static final ImageReference REPO = RunCommandTest.REPO;
  static final CommitSha PUSHED = RunCommandTest.PUSHED;

  /** The flow's steps: the event, its payload and the extra arguments of {@code baton run}. */
  static final List<List<String>> STEPS =
      List.of(
          List.of("push", "push.branch.json"),
          List.of("release", "release.published.json", "--approve", "prod"));

  private DurableFlow() {}

  /**
   * A step in a JVM of its own: {@code STATE WORK STEP HALT_AT}, halting at its write HALT_AT
   * (counted from 1 in this process; one more than its writes halts when the step has ended).
   *
   * @param args the state and working directories, the step's index and the crash point
   */
  public static void main(String[] args) {
    Crash crash = new Crash(Integer.parseInt(args[3]));
    FileProviders providers = new FileProviders(Path.of(args[0]), crash);
    int status =
        step(providers, Path.of(args[1]), Integer.parseInt(args[2]), System.out, System.err);
    crash.stepEnded();
    System.exit(status);
  }

  /** Runs step {@code index} of the flow through the {@code baton} command line. */
  static int step(FileProviders providers, Path work, int index, PrintStream out, PrintStream err) {
    List<String> step = STEPS.get(index);
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_EVENT_NAME", step.get(0));
    env.put("GITHUB_EVENT_PATH", PlanOfflineTest.payload(step.get(1)).toString());
    env.put("GITHUB_SHA", PUSHED.value());
    env.put("GITHUB_REPOSITORY", "Codertocat/Hello-World");
    env.put("GITHUB_TOKEN", RunCommandTest.TOKEN);
    env.put("GITHUB_RUN_ID", "4242");
    env.put("GITHUB_OUTPUT", work.resolve("output.txt").toString());
    env.put("GITHUB_STEP_SUMMARY", work.resolve("summary.md").toString());
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(step.subList(2, step.size()));
    Context ctx = new Context(out, err, RuntimeEnvironment.of(env), providers, work);
    return new Cli().run(args, ctx);
  }

  /** Prepares a working directory: {@code baton.yaml} and the runner's output files. */
  static Path workDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("baton.yaml"), "repository: " + REPO + "\n");
    Files.writeString(dir.resolve("output.txt"), "");
    Files.writeString(dir.resolve("summary.md"), "");
    return dir;
  }

  /** Counts this process's writes and halts the JVM at the one asked for. */
  static final class Crash {
    private final int haltAt;
    private int writes;

    Crash(int haltAt) {
      this.haltAt = haltAt;
    }

    static Crash never() {
      return new Crash(0);
    }

    synchronized int writes() {
      return writes;
    }

    synchronized void beforeWrite() {
      writes++;
      if (writes == haltAt) {
        halt();
      }
    }

    synchronized void stepEnded() {
      if (haltAt == writes + 1) {
        halt();
      }
    }

    private static void halt() {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(HALTED);
    }
  }

  /** The journal: one tab-separated line per write done, its fields URL-encoded. */
  static final class Journal {
    private final Path file;

    Journal(Path file) {
      this.file = file;
    }

    synchronized void append(String... fields) {
      String line =
          Arrays.stream(fields)
                  .map(f -> URLEncoder.encode(f, StandardCharsets.UTF_8))
                  .collect(Collectors.joining("\t"))
              + "\n";
      try {
        Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    List<String[]> lines() {
      try {
        if (!Files.exists(file)) {
          return List.of();
        }
        return Files.readAllLines(file).stream()
            .map(
                l ->
                    Arrays.stream(l.split("\t", -1))
                        .map(f -> URLDecoder.decode(f, StandardCharsets.UTF_8))
                        .toArray(String[]::new))
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The testkit's fakes behind {@link Providers}, replayed from and journalled to a directory. */
  static final class FileProviders extends Providers {
    final FakeImageRegistry registry = new FakeImageRegistry();
    final FakeStackDeployer deployer = new FakeStackDeployer();
    final FakeReleaseSource releases = new FakeReleaseSource();
    final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger();
    final Journal journal;
    private final Crash crash;

    FileProviders(Path state, Crash crash) {
      this.journal = new Journal(state.resolve("journal.tsv"));
      this.crash = crash;
      registry.pushImage(REPO.withTag(ImageTagScheme.standard().tagFor(PUSHED)));
      for (String[] w : journal.lines()) {
        replay(w);
      }
    }

    private void replay(String[] w) {
      switch (w[0]) {
        case "tag" ->
            registry.tag(
                registry.resolve(ImageReference.parse(w[1])).orElseThrow(),
                Tag.parse(w[2]),
                TagPolicy.valueOf(w[3]));
        case "draft" -> releases.draftRelease(CommitSha.parse(w[1]));
        case "build" -> ledger.recordBuild(CommitSha.parse(w[1]), ImageReference.parse(w[2]));
        case "begin" ->
            ledger.begin(
                new DeploymentStart(
                    target(w[1], w[2]),
                    CommitSha.parse(w[3]),
                    ImageReference.parse(w[4]),
                    variables(w[5])),
                Fence.none());
        case "finish" ->
            ledger.finish(
                ledger.history(EnvironmentName.parse(w[2])).stream()
                    .filter(d -> d.id().equals(w[1]))
                    .findFirst()
                    .orElseThrow(),
                DeploymentState.valueOf(w[3]),
                w[4],
                Fence.none());
        case "deactivate" -> ledger.deactivate(target(w[1], w[2]), Fence.none());
        case "deploy" ->
            deployer.deploy(
                new DeployRequest(
                    target(w[1], w[2]),
                    StackName.parse(w[3]),
                    ImageReference.parse(w[4]),
                    variables(w[5])),
                Progress.NONE);
        case "destroy" ->
            deployer.destroy(
                new DestroyRequest(target(w[1], w[2]), StackName.parse(w[3]), variables(w[4])),
                Progress.NONE);
        default -> throw new IllegalStateException("unknown journal line " + w[0]);
      }
    }

    @Override
    public ImageRegistry registry(ImageReference repository, RegistryAccess access, Owned owned) {
      return journalled(ImageRegistry.class, registry);
    }

    @Override
    public StackDeployer atmos(
        BatonConfig.AtmosSettings settings,
        String executable,
        Map<String, String> environment,
        Path workingDir) {
      return journalled(StackDeployer.class, deployer);
    }

    @Override
    public ReleaseSource githubReleases(GitHubAccess github, String tagTemplate, Owned owned) {
      return journalled(ReleaseSource.class, releases);
    }

    @Override
    public DeploymentLedger githubLedger(GitHubAccess github, Environments table, Owned owned) {
      return journalled(DeploymentLedger.class, ledger);
    }

    /**
     * The fake behind its interface: a write first counts towards the crash point, then is done,
     * then is journalled; a read is passed on; a default method runs on the proxy, so that its
     * write is counted too.
     */
    private <T> T journalled(Class<T> type, T fake) {
      InvocationHandler handler =
          (proxy, method, args) -> {
            if (method.isDefault()) {
              return InvocationHandler.invokeDefault(proxy, method, args);
            }
            List<String> entry = WRITES.contains(method.getName()) ? entry(method, args) : null;
            if (entry != null) {
              crash.beforeWrite();
            }
            Object result;
            try {
              result = method.invoke(fake, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
            if (entry != null) {
              journal.append(entry.toArray(String[]::new));
            }
            return result;
          };
      return type.cast(
          Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static final Set<String> WRITES =
        Set.of(
            "tag",
            "deploy",
            "destroy",
            "draftRelease",
            "recordBuild",
            "begin",
            "finish",
            "deactivate");

    /** A write as its journal line, which {@link #replay} reads. */
    private static List<String> entry(Method method, Object[] a) {
      return switch (method.getName()) {
        case "tag" -> {
          ResolvedImage image = (ResolvedImage) a[0];
          yield List.of(
              "tag",
              image.reference().repositoryOnly().withDigest(image.digest()).toString(),
              ((Tag) a[1]).value(),
              ((TagPolicy) a[2]).name());
        }
        case "deploy" -> {
          DeployRequest r = (DeployRequest) a[0];
          yield at("deploy", r.target(), r.stack(), r.image().toString(), text(r.variables()));
        }
        case "destroy" -> {
          DestroyRequest r = (DestroyRequest) a[0];
          yield at("destroy", r.target(), r.stack(), text(r.variables()));
        }
        case "draftRelease" -> List.of("draft", a[0].toString());
        case "recordBuild" -> List.of("build", a[0].toString(), a[1].toString());
        case "begin" -> {
          DeploymentStart s = (DeploymentStart) a[0];
          yield List.of(
              "begin",
              s.target().environment().value(),
              s.target().instance(),
              s.commit().toString(),
              s.image().toString(),
              text(s.variables()));
        }
        case "finish" -> {
          DeploymentRecord d = (DeploymentRecord) a[0];
          yield List.of(
              "finish",
              d.id(),
              d.target().environment().value(),
              ((DeploymentState) a[1]).name(),
              (String) a[2]);
        }
        case "deactivate" -> {
          DeploymentTarget t = (DeploymentTarget) a[0];
          yield List.of("deactivate", t.environment().value(), t.instance());
        }
        default -> throw new IllegalStateException("not a write: " + method);
      };
    }

    /**
     * What the flow left: each tag's digest, each target's current deployment, the targets deployed
     * and destroyed (each once, however often), the drafts; and what contradicts itself.
     */
    EndState endState() {
      Map<String, String> tags = new TreeMap<>();
      for (String t : List.of("latest", "0.0.1", "sha-" + PUSHED.value())) {
        tags.put(t, registry.digestOf(REPO.withTag(Tag.parse(t))).map(Digest::toString).orElse(""));
      }
      Map<String, String> running = new TreeMap<>();
      Set<String> deploys = new LinkedHashSet<>();
      Set<String> destroys = new LinkedHashSet<>();
      for (String[] w : journal.lines()) {
        if (w[0].equals("deploy")) {
          String digest = ImageReference.parse(w[4]).digest().orElseThrow().toString();
          running.put(w[1] + "/" + w[2], digest);
          deploys.add(w[1] + "/" + w[2] + " " + digest);
        } else if (w[0].equals("destroy")) {
          running.remove(w[1] + "/" + w[2]);
          destroys.add(w[1] + "/" + w[2]);
        }
      }
      Map<String, String> current = new TreeMap<>();
      List<String> contradictions = new ArrayList<>();
      for (String env : List.of("preview", "dev", "staging", "prod")) {
        Map<String, Integer> successes = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (DeploymentRecord d : ledger.history(EnvironmentName.parse(env))) {
          String target = env + "/" + d.target().instance();
          if (seen.add(target) && d.state() == DeploymentState.IN_PROGRESS) {
            // A deploy begun by a killed process may stay IN_PROGRESS, but not as the newest.
            contradictions.add(target + ": its newest deployment is still IN_PROGRESS");
          }
          if (d.state() != DeploymentState.SUCCESS) {
            continue;
          }
          current.put(target, d.digest() + " " + d.commit().shortForm() + " " + d.url());
          if (successes.merge(target, 1, Integer::sum) > 1) {
            contradictions.add(target + ": two deployments are SUCCESS");
          }
          if (!d.digest().toString().equals(running.get(target))) {
            contradictions.add(
                target + ": SUCCESS for " + d.digest() + " but it runs " + running.get(target));
          }
        }
      }
      List<String> drafts =
          releases.releases().stream()
              .map(r -> r.version() + " " + r.commit().shortForm() + (r.draft() ? " draft" : ""))
              .toList();
      return new EndState(tags, current, deploys, destroys, drafts, contradictions);
    }

    private static List<String> at(
        String kind, DeploymentTarget target, StackName stack, String... rest) {
      List<String> fields = new ArrayList<>();
      fields.add(kind);
      fields.add(target.environment().value());
      fields.add(target.instance());
      fields.add(stack.value());
      fields.addAll(List.of(rest));
      return fields;
    }

    private static DeploymentTarget target(String environment, String instance) {
      return new DeploymentTarget(EnvironmentName.parse(environment), instance);
    }

    private static String text(Map<String, String> variables) {
      return new TreeMap<>(variables)
          .entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
    }

    private static Map<String, String> variables(String text) {
      Map<String, String> out = new TreeMap<>();
      if (!text.isEmpty()) {
        for (String pair : text.split("&")) {
          String[] kv = pair.split("=", 2);
          out.put(
              URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
      }
      return out;
    }
  }

  /**
   * What a flow left behind.
   *
   * @param tags tag to digest ("" when missing)
   * @param current target to its SUCCESS deployment's digest, commit and URL
   * @param deploys target and digest of every deploy, each once
   * @param destroys every target destroyed, each once
   * @param drafts the releases drafted
   * @param contradictions what the ledger says that cannot be so
   */
  record EndState(
      Map<String, String> tags,
      Map<String, String> current,
      Set<String> deploys,
      Set<String> destroys,
      List<String> drafts,
      List<String> contradictions) {
    /** {@return this without the contradictions, to compare with another run's} */
    EndState outcome() {
      return new EndState(tags, current, deploys, destroys, drafts, List.of());
    }
  }
}
