package dev.baton.testkit.atmos;

import dev.baton.internal.Json;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fake {@code atmos} executable for tests: a POSIX {@code sh} script that runs {@link
 * FakeAtmosMain} in a new JVM, so the code under test starts it exactly as it would start the real
 * CLI (a child process with an argument vector, environment, pipes and an exit code). It follows
 * atmos's grammar and Terraform's output closely enough for parsers written against the real thing;
 * see {@link FakeAtmosMain} for what it understands.
 *
 * <pre>{@code
 * FakeAtmos atmos = FakeAtmos.install(tempDir);
 * AtmosStackDeployer deployer = AtmosStackDeployer.builder()
 *     .binary(atmos.executable())
 *     .build();
 * ... deploy ...
 * assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "42"))).contains(image);
 * atmos.failNext("deploy", "creating ECS Service: AccessDeniedException");
 * }</pre>
 *
 * <p>By default the fake knows the reference stacks {@code dev}, {@code staging}, {@code prod}
 * (shared) and {@code preview} (one workspace per {@code PR_NUMBER}), one component {@code app},
 * and reads the image from {@code APP_IMAGE} as {@code image: !env APP_IMAGE} does. State is kept
 * in {@link #stateDirectory()}; the script uses it unless {@value #STATE_VARIABLE} names another.
 * Instances are safe to use from several threads; the fake processes coordinate through files.
 */
public final class FakeAtmos {
  /** The variable that names the fake's state directory. */
  public static final String STATE_VARIABLE = "FAKE_ATMOS_STATE";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Path executable;
  private final FakeState state;

  private FakeAtmos(Path executable, Path stateDirectory) {
    this.executable = executable;
    this.state = new FakeState(stateDirectory);
  }

  /**
   * Writes the fake into {@code directory}: the executable {@code bin/atmos} and an empty state
   * directory {@code state/} that the script uses by default.
   *
   * @param directory a directory the test owns (created if missing)
   * @return a handle to configure, script and inspect the fake
   */
  public static FakeAtmos install(Path directory) {
    Path state = directory.toAbsolutePath().resolve("state");
    try {
      Files.createDirectories(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path exe = writeExecutable(directory.resolve("bin"), state);
    return new FakeAtmos(exe, state);
  }

  /**
   * Writes only the executable {@code atmos} into {@code directory}. It keeps its state in the
   * directory named by {@value #STATE_VARIABLE}, which the caller must then set.
   *
   * @param directory where to write the script (created if missing)
   * @return the script's path
   */
  public static Path writeExecutable(Path directory) {
    return writeExecutable(directory, null);
  }

  private static Path writeExecutable(Path directory, Path defaultState) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    StringBuilder sh = new StringBuilder();
    sh.append("#!/bin/sh\n");
    sh.append("# Fake atmos for tests (dev.baton.testkit.atmos.FakeAtmos): runs FakeAtmosMain.\n");
    if (defaultState != null) {
      sh.append("if [ -z \"${")
          .append(STATE_VARIABLE)
          .append(":-}\" ]; then ")
          .append(STATE_VARIABLE)
          .append('=')
          .append(quote(defaultState.toString()))
          .append("; fi\n");
      sh.append("export ").append(STATE_VARIABLE).append('\n');
    }
    // Start-up flags: a fake atmos call should cost tens of milliseconds, not a full JIT warm-up.
    sh.append("exec ")
        .append(quote(java.toString()))
        .append(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto")
        .append(" -Dfile.encoding=UTF-8 -cp ")
        .append(quote(classPath()))
        .append(' ')
        .append(FakeAtmosMain.class.getName())
        .append(" \"$@\"\n");
    try {
      Files.createDirectories(directory);
      Path exe = directory.resolve("atmos");
      Path tmp = Files.createTempFile(directory, ".atmos-", ".sh");
      Files.writeString(tmp, sh.toString());
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, exe, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return exe.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where FakeAtmosMain was loaded from (the testkit jar or classes directory), and the API's,
   * whose JSON writer the fake prints with; one entry when both come from one jar.
   */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(FakeAtmosMain.class, Json.class)) {
      CodeSource source = c.getProtectionDomain().getCodeSource();
      if (source == null) {
        throw new IllegalStateException("cannot locate the classes of " + c);
      }
      try {
        entries.add(Path.of(source.getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Single-quotes a value for sh: nothing inside is interpreted. */
  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * The executable script.
   *
   * @return its absolute path
   */
  public Path executable() {
    return executable;
  }

  /**
   * The state directory (workspaces, logs, scripted failures).
   *
   * @return its absolute path
   */
  public Path stateDirectory() {
    return state.root();
  }

  /**
   * The environment a caller may pass to point the script at this state directory.
   *
   * @return {@value #STATE_VARIABLE} and the directory
   */
  public Map<String, String> environment() {
    return Map.of(STATE_VARIABLE, state.root().toString());
  }

  // ---- configuration -------------------------------------------------------------------------

  /**
   * Adds (or redefines) a stack the fake knows.
   *
   * @param name the stack name
   * @param perPullRequest whether its workspace carries {@code PR_NUMBER} (like {@code preview})
   * @return this
   */
  public synchronized FakeAtmos stack(String name, boolean perPullRequest) {
    checkName(name);
    Properties c = state.config();
    List<String> stacks =
        new ArrayList<>(List.of(c.getProperty("stacks", "dev,staging,prod,preview").split(",")));
    if (!stacks.contains(name)) {
      stacks.add(name);
    }
    c.setProperty("stacks", String.join(",", stacks));
    c.setProperty("stack." + name + ".perPullRequest", Boolean.toString(perPullRequest));
    state.writeConfig(c);
    return this;
  }

  /**
   * Puts a variable in a stack's {@code env:} section. Atmos's {@code !env} reads that section
   * before the process environment, so setting the image variable here makes deploys ignore the
   * image the caller passes, as the real CLI would.
   *
   * @param stack the stack
   * @param name the variable
   * @param value its value
   * @return this
   */
  public synchronized FakeAtmos stackEnvironment(String stack, String name, String value) {
    return set("stack." + stack + ".env." + name, value);
  }

  /**
   * @param name the variable the component's {@code image: !env NAME} reads; default {@code
   *     APP_IMAGE}
   * @return this
   */
  public FakeAtmos imageVariable(String name) {
    return set("imageVariable", name);
  }

  /**
   * @param delay how long an apply or destroy holds the workspace's state lock
   * @return this
   */
  public FakeAtmos applyDelay(Duration delay) {
    return set("applyDelayMillis", Long.toString(delay.toMillis()));
  }

  /**
   * @param summary whether an apply prints Terraform's "Apply complete! Resources: ..." line (on by
   *     default); without it the apply still succeeds, as some wrappers and versions do
   * @return this
   */
  public FakeAtmos applySummary(boolean summary) {
    return set("applySummary", Boolean.toString(summary));
  }

  /**
   * @param summary whether a destroy prints Terraform's "Destroy complete! Resources: ..." line (on
   *     by default); without it the destroy still succeeds
   * @return this
   */
  public FakeAtmos destroySummary(boolean summary) {
    return set("destroySummary", Boolean.toString(summary));
  }

  /**
   * @param noisy whether {@code terraform output} also prints the warning lines older atmos and
   *     Terraform versions mix into stdout
   * @return this
   */
  public FakeAtmos noisyOutput(boolean noisy) {
    return set("noisyOutput", Boolean.toString(noisy));
  }

  /**
   * @param unresolved whether describe shows {@code (computed)} for a YAML function it could not
   *     resolve, as atmos does in error mode "warn"
   * @return this
   */
  public FakeAtmos unresolvedFunctions(boolean unresolved) {
    return set("unresolvedFunctions", Boolean.toString(unresolved));
  }

  /**
   * @param names further variables to record in {@link #invocations()}; {@code PR_NUMBER}, the
   *     image variable, {@code ATMOS_*}, {@code TF_*}, {@code CI} and {@code GITHUB_ACTIONS} always
   *     are
   * @return this
   */
  public FakeAtmos recordEnvironment(String... names) {
    return set("recordEnvironment", String.join(",", names));
  }

  private synchronized FakeAtmos set(String key, String value) {
    Objects.requireNonNull(value, key);
    Properties c = state.config();
    c.setProperty(key, value);
    state.writeConfig(c);
    return this;
  }

  // ---- scripting -----------------------------------------------------------------------------

  /**
   * Makes the next call of {@code command} fail: Terraform's error box with {@code errorText} on
   * stderr, exit status 1. {@code ${NAME}} in the text is replaced with that environment variable.
   *
   * @param command {@code deploy}, {@code destroy}, {@code output}, {@code plan}, {@code apply},
   *     {@code describe} or {@code any}
   * @param errorText the error's summary line, then optionally more lines
   */
  public void failNext(String command, String errorText) {
    checkName(command);
    state.script(command, "fail", errorText);
  }

  /**
   * Makes the next call of {@code command} hang until killed, with a child process that ignores
   * SIGTERM; {@link #hungProcessIds()} lists both.
   *
   * @param command as for {@link #failNext}
   */
  public void hangNext(String command) {
    checkName(command);
    state.script(command, "hang", "");
  }

  // ---- inspection ----------------------------------------------------------------------------

  /**
   * The workspace name the fake computes, as the reference stacks do.
   *
   * @param stack the stack
   * @param component the component
   * @param pullRequest the {@code PR_NUMBER} value, or empty when none is set
   * @return e.g. {@code atmos-native-ci-preview-app-42} or {@code atmos-native-ci-dev-app}
   */
  public String workspace(String stack, String component, String pullRequest) {
    Properties c = state.config();
    String base = c.getProperty("repoName", "atmos-native-ci") + "-" + stack + "-" + component;
    boolean perPr =
        Boolean.parseBoolean(
            c.getProperty(
                "stack." + stack + ".perPullRequest", Boolean.toString(stack.equals("preview"))));
    return perPr ? base + "-" + (pullRequest.isEmpty() ? "0" : pullRequest) : base;
  }

  /**
   * @param workspace a workspace name
   * @return the image its state records, when something is deployed there
   */
  public Optional<String> deployedImage(String workspace) {
    return state.workspace(workspace).map(p -> p.getProperty("image"));
  }

  /**
   * Every call so far, oldest first.
   *
   * @return the calls
   */
  public List<Invocation> invocations() {
    List<Invocation> out = new ArrayList<>();
    for (String line : state.lines("invocations.log")) {
      List<String> f = FakeState.parseFields(line);
      int n = Integer.parseInt(f.get(1));
      Map<String, String> env = new LinkedHashMap<>();
      for (String kv : f.subList(2 + n, f.size())) {
        int eq = kv.indexOf('=');
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      out.add(new Invocation(List.copyOf(f.subList(2, 2 + n)), env, Path.of(f.get(0))));
    }
    return out;
  }

  /**
   * Apply, plan and destroy start and end events, oldest first.
   *
   * @return the events
   */
  public List<Event> events() {
    List<Event> out = new ArrayList<>();
    for (String line : state.lines("events.log")) {
      List<String> f = FakeState.parseFields(line);
      out.add(
          new Event(
              Instant.ofEpochMilli(Long.parseLong(f.get(0))),
              Long.parseLong(f.get(1)),
              f.get(2),
              f.get(3)));
    }
    return out;
  }

  /**
   * The process ids of every call that hung, and of the child each started.
   *
   * @return the pids, in pairs (atmos, child)
   */
  public List<Long> hungProcessIds() {
    List<Long> out = new ArrayList<>();
    for (String line : state.lines("hang.pids")) {
      for (String pid : line.trim().split(" ")) {
        out.add(Long.parseLong(pid));
      }
    }
    return out;
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid name \"" + name + "\"");
    }
  }

  /**
   * One call of the fake.
   *
   * @param arguments the command line, without the program name
   * @param environment the recorded variables
   * @param workingDirectory where it ran
   */
  public record Invocation(
      List<String> arguments, Map<String, String> environment, Path workingDirectory) {
    /**
     * Copies the values.
     *
     * @param arguments the command line
     * @param environment the recorded variables
     * @param workingDirectory where it ran
     */
    public Invocation {
      arguments = List.copyOf(arguments);
      environment = Map.copyOf(environment);
    }

    /**
     * The positional words before the first flag.
     *
     * @return e.g. {@code terraform deploy app}
     */
    public String command() {
      List<String> words = new ArrayList<>();
      for (String a : arguments) {
        if (a.startsWith("-")) {
          break;
        }
        words.add(a);
      }
      return String.join(" ", words);
    }
  }

  /**
   * A moment in a workspace's life, as the fake process saw it.
   *
   * @param at when
   * @param pid the fake process
   * @param kind {@code apply-start}, {@code apply-end}, {@code destroy-start}, ...
   * @param workspace the workspace
   */
  public record Event(Instant at, long pid, String kind, String workspace) {}
}
