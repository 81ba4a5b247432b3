package dev.baton.atmos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.atmos.FakeAtmos;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's fake atmos, run directly as a process, behaves like the real CLI. */
class FakeAtmosTest {
  @TempDir Path dir;
  private FakeAtmos atmos;

  @BeforeEach
  void setUp() {
    atmos = FakeAtmos.install(dir);
  }

  private record Run(int exit, String out, String err) {}

  /** Starts the fake with {@code commandLine}'s words (split at spaces) as its arguments. */
  private Process start(Map<String, String> env, String commandLine) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(atmos.executable().toString());
    cmd.addAll(List.of(commandLine.split(" ")));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("PR_NUMBER");
    pb.environment().remove("APP_IMAGE");
    pb.environment().putAll(env);
    return pb.start();
  }

  private Run run(Map<String, String> env, String stdin, String commandLine) throws Exception {
    Process p = start(env, commandLine);
    CompletableFuture<String> out = read(p.getInputStream());
    CompletableFuture<String> err = read(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out.get(), err.get());
  }

  private static CompletableFuture<String> read(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private void deploy(String pr) throws Exception {
    Run r =
        run(
            Map.of("PR_NUMBER", pr, "APP_IMAGE", "r/app:1@sha256:" + "a".repeat(64)),
            null,
            "terraform deploy app -s preview");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void destroy_withoutAutoApprove_waitsForYesOnStdin() throws Exception {
    deploy("4");
    Process p = start(Map.of("PR_NUMBER", "4"), "terraform destroy app -s preview");
    CompletableFuture<String> err = read(p.getErrorStream());
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    while (!seen.toString().contains("Enter a value:")) {
      int c = out.read();
      assertThat(c).as("stdout ended before the prompt: %s %s", seen, err).isNotNegative();
      seen.append((char) c);
    }
    assertThat(seen)
        .contains(
            "Do you really want to destroy all resources in workspace"
                + " \"atmos-native-ci-preview-app-4\"?");

    // It really waits: still running with nothing on stdin.
    assertThat(p.waitFor(400, TimeUnit.MILLISECONDS)).isFalse();
    try (OutputStream in = p.getOutputStream()) {
      in.write("yes\n".getBytes(StandardCharsets.UTF_8));
    }
    String rest = out.lines().reduce("", (a, b) -> a + b + "\n");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(rest).contains("Destroy complete! Resources: 3 destroyed.");
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "4"))).isEmpty();
  }

  @Test
  void destroy_withoutAutoApprove_cancelsOnAnythingButYes() throws Exception {
    deploy("5");

    Run no = run(Map.of("PR_NUMBER", "5"), "no\n", "terraform destroy app -s preview");
    Run eof = run(Map.of("PR_NUMBER", "5"), null, "terraform destroy app -s preview");

    assertThat(no.exit()).isEqualTo(1);
    assertThat(no.out()).contains("Destroy cancelled.");
    assertThat(eof.exit()).isEqualTo(1);
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "5"))).isPresent();
  }

  @Test
  void workspace_withoutPrNumber_isTheReferenceDefaultZero() throws Exception {
    Run r = run(Map.of(), null, "terraform destroy app -s preview -auto-approve -no-color");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("workspace \"atmos-native-ci-preview-app-0\"")
        .contains("No changes. No objects need to be destroyed.")
        .contains("Destroy complete! Resources: 0 destroyed.")
        .doesNotContain("\u001b");
  }

  @Test
  void deploy_whileAnotherHoldsTheStateLock_failsLikeTerraform() throws Exception {
    atmos.applyDelay(Duration.ofMillis(1500));
    Map<String, String> env = Map.of("PR_NUMBER", "6", "APP_IMAGE", "r/app:1");
    Process first = start(env, "terraform deploy app -s preview");
    first.getOutputStream().close();
    CompletableFuture<String> firstOut = read(first.getInputStream());
    read(first.getErrorStream());
    // wait until the first holds the lock
    Path lock = atmos.stateDirectory().resolve("workspaces/atmos-native-ci-preview-app-6.lock");
    for (int i = 0; i < 200 && !Files.exists(lock); i++) {
      Thread.sleep(25);
    }

    Run second = run(env, null, "terraform deploy app -s preview");

    assertThat(second.exit()).isEqualTo(1);
    assertThat(second.err()).contains("Error acquiring the state lock");
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isZero();
    assertThat(firstOut.get()).contains("Apply complete! Resources: 3 added");
  }

  @Test
  void plan_withDetailedExitcode_exitsTwoOnChanges() throws Exception {
    Run r =
        run(Map.of("APP_IMAGE", "r/app:1"), null, "terraform plan app -s dev -detailed-exitcode");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("3 to add");
  }

  @Test
  void output_raw_printsTheValueAlone_andMissingOutputFails() throws Exception {
    run(Map.of("APP_IMAGE", "r/app:1"), null, "terraform deploy app -s staging");

    Run raw = run(Map.of(), null, "terraform output app -s staging --skip-init -- -raw url");
    Run missing = run(Map.of(), null, "terraform output app -s staging -- -raw nope");

    assertThat(raw.out()).endsWith("https://staging-app.example.test");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("Output \"nope\" not found");
  }

  @Test
  void output_withSkipInitInAFreshDirectory_needsInit() throws Exception {
    Run r = run(Map.of(), null, "terraform output app -s dev --skip-init -- -json");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Backend initialization required");
  }

  @Test
  void describe_defaults_schemaFilterAndProvenance_likeTheNewEditions() throws Exception {
    Run plain = run(Map.of(), null, "describe component app -s dev --format json");
    Run full =
        run(
            Map.of("ATMOS_DESCRIBE_COMPONENT_FILTER", "full"),
            null,
            "describe component app -s dev --format=json --provenance=false");
    Run yaml = run(Map.of(), null, "describe component app -s dev");

    assertThat(plain.out())
        .contains("\"__atmos_provenance\"")
        .doesNotContain("\"workspace\"")
        .doesNotContain("\"atmos_stack\"");
    assertThat(full.out())
        .doesNotContain("__atmos_provenance")
        .contains("\"workspace\": \"atmos-native-ci-dev-app\"")
        .contains("\"atmos_stack\": \"dev\"");
    assertThat(yaml.out()).contains("vars:\n").contains("  stage: \"dev\"");
  }

  @Test
  void usageErrors_exitOneWithAtmossMessage() throws Exception {
    Run flag = run(Map.of(), null, "terraform deploy app -s dev --bogus");
    Run noStack = run(Map.of(), null, "terraform deploy app");
    Run command = run(Map.of(), null, "frobnicate");

    assertThat(flag.exit()).isEqualTo(1);
    assertThat(flag.err()).contains("unknown flag: --bogus");
    assertThat(noStack.err()).contains("`stack` is required");
    assertThat(command.err()).contains("unknown command \"frobnicate\" for \"atmos\"");
  }

  @Test
  void failures_scriptedThroughTheEnvironment() throws Exception {
    Run r =
        run(
            Map.of("FAKE_ATMOS_FAIL", "deploy:creating ECS Service: boom", "APP_IMAGE", "r/app:1"),
            null,
            "terraform deploy app -s dev");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Error: ").contains("creating ECS Service: boom");
  }

  @Test
  void writeExecutable_withoutStateVariable_refusesToRun() throws Exception {
    Path exe = FakeAtmos.writeExecutable(dir.resolve("other"));
    ProcessBuilder pb = new ProcessBuilder(exe.toString(), "version");
    pb.environment().remove(FakeAtmos.STATE_VARIABLE);
    Process p = pb.start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err).contains(FakeAtmos.STATE_VARIABLE);
  }
}
