package dev.baton.testkit.atmos;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** One call of the fake atmos: reads the command line, records it, and dispatches. */
final class FakeAtmosRun {
  static final String VERSION = "1.226.0";

  /** Terraform's ANSI sequences, as it prints them when colour is on (it is, unless -no-color). */
  static final String RESET = "\u001b[0m";

  static final String BOLD = "\u001b[1m";
  static final String GREEN = "\u001b[32m";
  static final String RED = "\u001b[31m";
  static final String YELLOW = "\u001b[33m";

  final Map<String, String> env;
  final Path cwd;
  final String[] args;
  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  FakeState state;
  Properties config;
  FakeCommandLine cli;

  FakeAtmosRun(
      Map<String, String> env,
      Path cwd,
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err) {
    this.env = env;
    this.cwd = cwd;
    this.args = args;
    this.in = in;
    this.out = out;
    this.err = err;
  }

  int run() {
    String dir = env.getOrDefault(FakeAtmos.STATE_VARIABLE, "");
    if (dir.isBlank()) {
      err.println(
          "fake atmos: "
              + FakeAtmos.STATE_VARIABLE
              + " is not set; it must name the fake's state directory");
      return 2;
    }
    state = new FakeState(Path.of(dir));
    config = state.config();
    record();
    try {
      cli = FakeCommandLine.parse(args);
    } catch (FakeCommandLine.UsageException e) {
      return atmosError(e.getMessage());
    }
    printRequestedEnvironment();
    String command = cli.positional(0).orElse("");
    switch (command) {
      case "version":
        out.println(
            "👽 Atmos "
                + VERSION
                + " on "
                + System.getProperty("os.name").toLowerCase()
                + "/"
                + System.getProperty("os.arch"));
        return 0;
      case "terraform":
        return new FakeTerraform(this).run();
      case "describe":
        return new FakeDescribe(this).run();
      case "":
        return atmosError(
            "a command is required, for example \"atmos terraform deploy <component>"
                + " -s <stack>\"");
      default:
        return atmosError("unknown command \"" + command + "\" for \"atmos\"");
    }
  }

  // ---- configuration -------------------------------------------------------------------------

  String configValue(String key, String fallback) {
    return config.getProperty(key, fallback);
  }

  List<String> stacks() {
    return list(configValue("stacks", "dev,staging,prod,preview"));
  }

  List<String> components() {
    return list(configValue("components", "app"));
  }

  boolean perPullRequest(String stack) {
    return Boolean.parseBoolean(
        configValue(
            "stack." + stack + ".perPullRequest", Boolean.toString(stack.equals("preview"))));
  }

  String imageVariable() {
    return configValue("imageVariable", "APP_IMAGE");
  }

  /** The stack's merged {@code env:} section. */
  Map<String, String> stackEnvironment(String stack) {
    Map<String, String> m = new TreeMap<>();
    String prefix = "stack." + stack + ".env.";
    for (String k : config.stringPropertyNames()) {
      if (k.startsWith(prefix)) {
        m.put(k.substring(prefix.length()), config.getProperty(k));
      }
    }
    return m;
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** {@code {{ env "PR_NUMBER" | default "0" }}}: Go's default treats an empty value as unset. */
  String pullRequestNumber() {
    String pr = env.getOrDefault("PR_NUMBER", "");
    return pr.isEmpty() ? "0" : pr;
  }

  /** The reference stacks' {@code metadata.terraform_workspace}. */
  String workspace(String stack, String component) {
    String base = configValue("repoName", "atmos-native-ci") + "-" + stack + "-" + component;
    return perPullRequest(stack) ? base + "-" + pullRequestNumber() : base;
  }

  /** The {@code url} output: deterministic, naming the stack and the pull request. */
  String url(String stack, String component) {
    String label =
        stack + "-" + component + (perPullRequest(stack) ? "-" + pullRequestNumber() : "");
    return "https://" + label + ".example.test";
  }

  /**
   * {@code image: !env APP_IMAGE [default]}: the stack's {@code env:} section first, then the
   * process environment, then the default; null when none has it.
   */
  String resolveImage(String stack) {
    String var = imageVariable();
    String fromStack = stackEnvironment(stack).get(var);
    if (fromStack != null) {
      return fromStack;
    }
    String fromProcess = env.get(var);
    if (fromProcess != null) {
      return fromProcess;
    }
    return config.getProperty("imageDefault");
  }

  /** Atmos's own "component not found in stack" check; empty when both exist. */
  Optional<String> findComponent(String component, String stack) {
    if (stacks().contains(stack) && components().contains(component)) {
      return Optional.empty();
    }
    return Optional.of(
        "Searched all stack YAML files, but could not find config for the component '"
            + component
            + "' in the stack '"
            + stack
            + "'.\n"
            + "Check that all variables in the stack name pattern '{stage}' are correctly defined in"
            + " the stack config files.\n"
            + "Are the component and stack names correct? Did you forget an import?");
  }

  // ---- scripting -----------------------------------------------------------------------------

  /** A scripted action for this command: {"fail", text} or {"hang", ""}; empty when none. */
  Optional<String[]> scripted(String command) {
    Optional<String[]> queued = state.takeScript(command);
    if (queued.isPresent()) {
      return queued;
    }
    String fail = env.getOrDefault("FAKE_ATMOS_FAIL", "");
    int colon = fail.indexOf(':');
    if (colon > 0 && matches(fail.substring(0, colon), command)) {
      return Optional.of(new String[] {"fail", fail.substring(colon + 1)});
    }
    String hang = env.getOrDefault("FAKE_ATMOS_HANG", "");
    if (!hang.isEmpty() && matches(hang, command)) {
      return Optional.of(new String[] {"hang", ""});
    }
    return Optional.empty();
  }

  private static boolean matches(String scriptedCommand, String command) {
    return scriptedCommand.equals(command) || scriptedCommand.equals("any");
  }

  /**
   * Hangs like a Terraform apply stuck on a lock or a provider: starts a child process that ignores
   * SIGTERM (as a busy provider plugin may), records both pids once the child ignores it, and
   * sleeps until killed.
   */
  int hang() {
    // The child says when its trap is set: pids recorded earlier would let a test signal the tree
    // while the child could still die of SIGTERM, on a loaded machine, and never need the SIGKILL.
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", "trap '' TERM; echo ignoring-sigterm; exec sleep 600");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = null;
    try {
      child = pb.start();
      child.getOutputStream().close();
      awaitLine(child.getInputStream(), "ignoring-sigterm");
      state.append("hang.pids", ProcessHandle.current().pid() + " " + child.pid());
    } catch (IOException e) {
      if (child != null) {
        // It ignores SIGTERM and would sleep on for ten minutes after this run fails.
        child.destroyForcibly();
      }
      throw new UncheckedIOException(e);
    }
    out.println("Acquiring state lock. This may take a few moments...");
    out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    }
  }

  /** Reads {@code expected} and its newline, and no more: the child's own bounded first line. */
  private static void awaitLine(InputStream in, String expected) throws IOException {
    byte[] want = (expected + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] got = in.readNBytes(want.length);
    if (!Arrays.equals(got, want)) {
      throw new IOException(
          "the hanging child wrote \""
              + new String(got, StandardCharsets.US_ASCII).strip()
              + "\", not \""
              + expected
              + "\"");
    }
  }

  // ---- output helpers ------------------------------------------------------------------------

  String color(String codes, String text) {
    return cli != null && cli.noColor ? text : RESET + codes + text + RESET;
  }

  /** Atmos's own error: one {@code Error:} message on stderr, exit status 1. */
  int atmosError(String message) {
    err.println(color(RED + BOLD, "Error: ") + message);
    return 1;
  }

  /** A Terraform diagnostic box on stderr, as Terraform prints errors, then atmos's exit line. */
  int terraformError(String summary, String detail) {
    err.println(color(RED, "╷"));
    err.println(color(RED, "│") + " " + color(RED + BOLD, "Error: ") + color(BOLD, summary));
    err.println(color(RED, "│"));
    for (String line : detail.split("\n", -1)) {
      err.println(color(RED, "│") + " " + line);
    }
    err.println(color(RED, "╵"));
    err.println("ERRO exit status 1");
    return 1;
  }

  /** Expands {@code ${NAME}} from the environment, so a scripted error can echo a variable. */
  String expand(String text) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      int end = start < 0 ? -1 : text.indexOf('}', start);
      if (start < 0 || end < 0) {
        b.append(text, i, text.length());
        break;
      }
      b.append(text, i, start).append(env.getOrDefault(text.substring(start + 2, end), ""));
      i = end + 1;
    }
    return b.toString();
  }

  /** {@code FAKE_ATMOS_PRINT_ENV=A,B}: prints those variables, as TF_LOG=trace output would. */
  private void printRequestedEnvironment() {
    for (String name : list(env.getOrDefault("FAKE_ATMOS_PRINT_ENV", ""))) {
      String line = "[TRACE] environment: " + name + "=" + env.getOrDefault(name, "");
      out.println(line);
      err.println(line);
    }
  }

  void event(String kind, String workspace) {
    state.append(
        "events.log",
        FakeState.fields(
            List.of(
                Long.toString(System.currentTimeMillis()),
                Long.toString(ProcessHandle.current().pid()),
                kind,
                workspace)));
  }

  /** Appends this call to invocations.log: working directory, arguments, relevant variables. */
  private void record() {
    List<String> f = new ArrayList<>();
    f.add(cwd.toString());
    f.add(Integer.toString(args.length));
    f.addAll(Arrays.asList(args));
    Set<String> extra = Set.copyOf(list(configValue("recordEnvironment", "")));
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String n = e.getKey();
      if (n.equals("PR_NUMBER")
          || n.equals(imageVariable())
          || n.startsWith("ATMOS_")
          || n.startsWith("TF_")
          || n.equals("CI")
          || n.equals("GITHUB_ACTIONS")
          || extra.contains(n)) {
        f.add(n + "=" + e.getValue());
      }
    }
    state.append("invocations.log", FakeState.fields(f));
  }

  /** Reads one line from stdin, as Terraform's prompts do; null at end of input. */
  String readLine() {
    StringBuilder b = new StringBuilder();
    try {
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        b.append((char) c);
      }
      if (c < 0 && b.length() == 0) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
        .strip();
  }
}
