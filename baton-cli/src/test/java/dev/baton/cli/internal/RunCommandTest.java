package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.spi.ResolvedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton run} as a GitHub Actions step: the runner's variables and files, GitHub's example
 * payloads, and the testkit's fakes standing in for GitHub and the registry (which a test cannot
 * reach).
 */
class RunCommandTest {
  static final CommitSha PUSHED = CommitSha.parse("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
  static final String TOKEN = "ghs_example0token0value";
  static final ImageReference REPO = ImageReference.parse("ghcr.io/codertocat/hello-world");

  @TempDir Path dir;
  final FakeProviders providers = new FakeProviders();
  Path output;
  Path summary;
  ResolvedImage build;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("baton.yaml"), "repository: " + REPO + "\n");
    output = Files.createFile(dir.resolve("output.txt"));
    summary = Files.createFile(dir.resolve("summary.md"));
    build = providers.registry.pushImage(REPO.withTag(ImageTagScheme.standard().tagFor(PUSHED)));
  }

  Map<String, String> actionsEnv(String event, String payload) {
    return actionsEnv(event, payload, output, summary);
  }

  /**
   * @return the variables of a GitHub Actions step for a webhook event of GitHub's examples
   */
  static Map<String, String> actionsEnv(String event, String payload, Path output, Path summary) {
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_EVENT_NAME", event);
    env.put("GITHUB_EVENT_PATH", PlanOfflineTest.payload(payload).toString());
    env.put("GITHUB_SHA", PUSHED.value());
    env.put("GITHUB_REPOSITORY", "Codertocat/Hello-World");
    env.put("GITHUB_TOKEN", TOKEN);
    env.put("GITHUB_RUN_ID", "4242");
    env.put("GITHUB_OUTPUT", output.toString());
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    return env;
  }

  CliRunner.Outcome run(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "run";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRunner.in(dir).env(env).providers(providers).run(all);
  }

  @Test
  void pushToDefaultBranch_deploysDev_writesOutputsAndSummary() throws Exception {
    CliRunner.Outcome o = run(actionsEnv("push", "push.branch.json"));
    assertThat(o.exit()).as(o.err()).isZero();
    String out = Files.readString(output);
    assertThat(out)
        .contains("url=https://dev.app.example.test\n")
        .contains("digest=" + build.digest() + "\n")
        .contains("image=" + REPO + ":sha-" + PUSHED + "@" + build.digest() + "\n");
    String md = Files.readString(summary);
    assertThat(md)
        .startsWith("# Baton: push refs/heads/master")
        .contains("| dev | `" + build.digest() + "`")
        .contains("```mermaid");
    assertThat(providers.releases.creates()).isEqualTo(1);
    assertThat(providers.calls).contains("releases Codertocat/Hello-World https://api.github.com");
  }

  @Test
  void frozenDev_isRefused_andBreakingTheGlassDeploysIt_withWhoAndWhyInTheReport()
      throws Exception {
    Files.writeString(
        dir.resolve("baton.yaml"),
        "repository: "
            + REPO
            + "\nenvironments:\n  - name: dev\n    trigger: push\n    freezes:"
            + " [{from: 2000-01-01T00:00:00Z, until: 2100-01-01T00:00:00Z, reason: audit}]\n");
    CliRunner.Outcome refused = run(actionsEnv("push", "push.branch.json"));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("refusing to deploy to dev: it is inside its freeze");
    assertThat(providers.deployer.deploys()).isEmpty();

    Map<String, String> env = actionsEnv("push", "push.branch.json");
    env.put("GITHUB_ACTOR", "octocat");
    CliRunner.Outcome o = run(env, "--break-glass", "release audit signed off");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.err()).contains("break-glass by octocat: release audit signed off lets dev");
    assertThat(providers.deployer.deploys()).hasSize(1);
    assertThat(Files.readString(summary))
        .contains("break-glass by octocat: release audit signed off")
        .contains("inside its freeze");
  }

  @Test
  void token_isMaskedForTheRunner_andNeverPrintedOtherwise() {
    CliRunner.Outcome o = run(actionsEnv("push", "push.branch.json"));
    assertThat(o.err().lines()).contains("::add-mask::" + TOKEN);
    assertThat(o.errBesidesMasks()).doesNotContain(TOKEN);
    assertThat(o.out()).doesNotContain(TOKEN).doesNotContain("::add-mask::");
  }

  @Test
  void multiLineRegistryPassword_everyLineAndTheBasicFormAreMasked() {
    Map<String, String> env = actionsEnv("push", "push.branch.json");
    String password = "first-line-of-it\nsecond-line-of-it\nthird";
    env.put("BATON_REGISTRY_USERNAME", "ci-bot");
    env.put("BATON_REGISTRY_PASSWORD", password);
    CliRunner.Outcome o = run(env);
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(
                ("ci-bot:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(o.err().lines())
        .contains(
            "::add-mask::first-line-of-it",
            "::add-mask::second-line-of-it",
            "::add-mask::third",
            "::add-mask::" + basic);
    assertThat(o.errBesidesMasks()).doesNotContain("line-of-it");
    assertThat(o.out()).doesNotContain("line-of-it");
  }

  @Test
  void context_redactsTheCommandsCredentialsInEveryForm() {
    Context ctx =
        new Context(
            System.out,
            System.err,
            dev.baton.github.internal.RuntimeEnvironment.of(
                Map.of(
                    "GITHUB_TOKEN",
                    TOKEN,
                    "BATON_REGISTRY_USERNAME",
                    "ci-bot",
                    "BATON_REGISTRY_PASSWORD",
                    "pa ss/word",
                    "MY_API_KEY",
                    "key-0123456789")),
            new Providers(),
            dir);
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString("ci-bot:pa ss/word".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(ctx.redact("token " + TOKEN + " in https://x:" + TOKEN + "@github.com/a"))
        .isEqualTo("token **** in https://x:****@github.com/a");
    assertThat(ctx.redact("Authorization: Basic " + basic + " ?p=pa+ss%2Fword key-0123456789"))
        .isEqualTo("Authorization: Basic **** ?p=**** ****");
    ctx.addSecret(dev.baton.Secret.of("added-later"));
    assertThat(ctx.redact("added-later")).isEqualTo("****");
  }

  @Test
  void releasePublished_withoutApproval_stopsBeforeProd_withHint() throws Exception {
    assertThat(run(actionsEnv("push", "push.branch.json")).exit()).isZero();
    CliRunner.Outcome o = run(actionsEnv("release", "release.published.json"));
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("prod").contains("--approve prod");
    assertThat(Files.readString(summary)).contains("**Failed:**").contains("await-approval prod");
    assertThat(providers.registry.digestOf(REPO.withTag(dev.baton.Tag.parse("0.0.1"))))
        .contains(build.digest());
  }

  @Test
  void releasePublished_approvedJob_promotesThroughProd() throws Exception {
    assertThat(run(actionsEnv("push", "push.branch.json")).exit()).isZero();
    CliRunner.Outcome o = run(actionsEnv("release", "release.published.json"), "--approve", "prod");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(Files.readString(output))
        .contains("url=https://prod.app.example.test\n")
        .contains("image=" + REPO + ":0.0.1@" + build.digest());
    assertThat(Files.readString(summary))
        .contains(
            "env_staging -->|\"0.0.1, approved by GitHub"
                + " environment protection rules for prod (workflow run 4242)\"| env_prod");
  }

  @Test
  void releaseInTwoJobs_stagingThenApprovedProd() throws Exception {
    assertThat(run(actionsEnv("push", "push.branch.json")).exit()).isZero();

    CliRunner.Outcome staging =
        run(actionsEnv("release", "release.published.json"), "--only", "staging");
    assertThat(staging.exit()).as(staging.err()).isZero();
    assertThat(Files.readString(output)).contains("url=https://staging.app.example.test\n");
    assertThat(providers.registry.digestOf(REPO.withTag(dev.baton.Tag.parse("0.0.1"))))
        .contains(build.digest());

    CliRunner.Outcome prod =
        run(actionsEnv("release", "release.published.json"), "--only", "prod", "--approve", "prod");
    assertThat(prod.exit()).as(prod.err()).isZero();
    assertThat(Files.readString(output))
        .contains("url=https://prod.app.example.test\n")
        .contains("image=" + REPO + ":0.0.1@" + build.digest());
    assertThat(providers.registry.tagWrites())
        .filteredOn(w -> w.reference().tag().orElseThrow().value().equals("0.0.1"))
        .hasSize(1);
  }

  @Test
  void prodAlone_isRefusedBeforeStagingRan() throws Exception {
    assertThat(run(actionsEnv("push", "push.branch.json")).exit()).isZero();
    CliRunner.Outcome prod =
        run(actionsEnv("release", "release.published.json"), "--only", "prod", "--approve", "prod");
    assertThat(prod.exit()).isEqualTo(1);
    assertThat(prod.err()).contains("staging has not successfully run").contains("hint:");
  }

  @Test
  void onlyAnUnknownEnvironment_isAnError() {
    CliRunner.Outcome o = run(actionsEnv("push", "push.branch.json"), "--only", "qa");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("\"qa\"");
  }

  @Test
  void eventWithNothingToDo_exits0_andSaysWhy() throws Exception {
    CliRunner.Outcome o = run(actionsEnv("push", "push.tag.json"));
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(Files.readString(summary)).contains("is not a branch");
    assertThat(Files.readString(output)).isEmpty();
  }

  @Test
  void withoutGitHubToken_exits1_withHint() {
    Map<String, String> env = actionsEnv("push", "push.branch.json");
    env.remove("GITHUB_TOKEN");
    CliRunner.Outcome o = run(env);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("GITHUB_TOKEN is not set").contains("hint:");
  }

  @Test
  void withTheStandardProviders_anUnreachableRegistryFailsWithHint() throws Exception {
    Map<String, String> env = actionsEnv("push", "push.branch.json");
    // Loopback everywhere (a closed port), so that nothing outside this machine is reached.
    env.put("GITHUB_API_URL", "http://127.0.0.1:1");
    Files.writeString(dir.resolve("local.yaml"), "repository: 127.0.0.1:1/acme/shop\n");
    CliRunner.Outcome o = CliRunner.in(dir).env(env).run("run", "--config", "local.yaml");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("hint:");
    assertThat(o.errBesidesMasks()).doesNotContain(TOKEN);
  }
}
