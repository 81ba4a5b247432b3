package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.ImageTagScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton plan} online, when a policy refuses an environment: the plan with its gate on
 * standard output (text and JSON), the refusal and its hint on standard error, the exit status of a
 * refusal, and nothing written.
 */
class PlanGatesCommandTest {
  @TempDir Path dir;
  final FakeProviders providers = new FakeProviders();

  @BeforeEach
  void setUp() throws Exception {
    providers.registry.pushImage(
        RunCommandTest.REPO.withTag(ImageTagScheme.standard().tagFor(RunCommandTest.PUSHED)));
  }

  private void frozenDev() throws Exception {
    Files.writeString(
        dir.resolve("baton.yaml"),
        "repository: "
            + RunCommandTest.REPO
            + "\nenvironments:\n  - name: dev\n    trigger: push\n    freezes:"
            + " [{from: 2000-01-01T00:00:00Z, until: 2100-01-01T00:00:00Z, reason: audit}]\n");
  }

  /** Runs {@code baton plan} by hand, with the event of a push but outside an Actions step. */
  private CliRunner.Outcome plan(String... more) throws Exception {
    return plan(false, more);
  }

  private CliRunner.Outcome plan(boolean actionsStep, String... more) throws Exception {
    Path output = Files.createTempFile(dir, "output", ".txt");
    Path summary = Files.createTempFile(dir, "summary", ".md");
    Map<String, String> env =
        new HashMap<>(RunCommandTest.actionsEnv("push", "push.branch.json", output, summary));
    if (!actionsStep) {
      env.remove("GITHUB_ACTIONS");
    }
    String[] args = Stream.concat(Stream.of("plan"), Stream.of(more)).toArray(String[]::new);
    return CliRunner.in(dir).env(env).providers(providers).run(args);
  }

  @Test
  void aFrozenEnvironment_isAGateLineOfThePlan_andTheRefusalOnStandardError() throws Exception {
    frozenDev();

    CliRunner.Outcome o = plan();

    assertThat(o.exit()).as(o.err()).isEqualTo(Cli.FAILURE);
    assertThat(o.out())
        .startsWith("push refs/heads/master")
        .contains("\ngate  dev  freeze: refusing to deploy to dev: it is inside its freeze");
    assertThat(o.err())
        .contains("plan: error: refusing to deploy to dev: it is inside its freeze")
        .contains("hint: ")
        .contains("--break-glass");
    assertThat(providers.deployer.deploys()).isEmpty();
    assertThat(providers.registry.tagWrites()).isEmpty();
    assertThat(providers.releases.creates()).isZero();
  }

  @Test
  void aFrozenEnvironment_isAGateOfThePlanJson() throws Exception {
    frozenDev();

    CliRunner.Outcome o = plan("--json");

    assertThat(o.exit()).as(o.err()).isEqualTo(Cli.FAILURE);
    JsonNode plan = new ObjectMapper().readTree(o.out());
    assertThat(plan.path("actions")).isEmpty();
    assertThat(plan.path("gates")).hasSize(1);
    JsonNode gate = plan.path("gates").get(0);
    assertThat(gate.path("environment").asText()).isEqualTo("dev");
    assertThat(gate.path("kind").asText()).isEqualTo("freeze");
    assertThat(gate.path("reason").asText())
        .startsWith("refusing to deploy to dev: it is inside its freeze");
    assertThat(o.err()).contains("refusing to deploy to dev");
    assertThat(providers.deployer.deploys()).isEmpty();
  }

  @Test
  void aPlanNothingRefuses_exits0_withNoGates() throws Exception {
    Files.writeString(dir.resolve("baton.yaml"), "repository: " + RunCommandTest.REPO + "\n");

    CliRunner.Outcome o = plan("--json");

    assertThat(o.exit()).as(o.err()).isZero();
    JsonNode plan = new ObjectMapper().readTree(o.out());
    assertThat(plan.has("gates")).isFalse();
    assertThat(plan.path("actions")).isNotEmpty();
    assertThat(providers.deployer.deploys()).isEmpty();
  }

  @Test
  void inAnActionsStep_thePlanJsonIsAloneOnStandardOutput_andTheTokensMaskOnStandardError()
      throws Exception {
    Files.writeString(dir.resolve("baton.yaml"), "repository: " + RunCommandTest.REPO + "\n");

    CliRunner.Outcome o = plan(true, "--json");

    assertThat(o.exit()).as(o.err()).isZero();
    // What `baton plan --json | jq` reads: one JSON document, and no workflow command before it.
    assertThat(o.out()).startsWith("{").doesNotContain("::add-mask::");
    assertThat(new ObjectMapper().readTree(o.out()).path("actions")).isNotEmpty();
    assertThat(o.err().lines()).contains("::add-mask::" + RunCommandTest.TOKEN);
  }
}
