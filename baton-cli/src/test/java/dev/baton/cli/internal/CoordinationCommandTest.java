package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.LeaseKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton coordination init}, the factory behind it ({@link Coordination}), and {@code baton
 * run} taking its leases from the same store.
 */
class CoordinationCommandTest {
  @TempDir Path dir;
  final FakeProviders providers = new FakeProviders();

  CliRunner.Outcome run(Map<String, String> env, String... args) {
    return CliRunner.in(dir).env(env).providers(providers).run(args);
  }

  @Test
  void init_inMemory_saysThereIsNothingToCreate() {
    CliRunner.Outcome o = CliRunner.in(dir).run("coordination", "init");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).startsWith("nothing to create: leases are kept in memory");
    assertThat(o.err()).contains("leases: in memory");
  }

  @Test
  void coordinationAlone_printsItsUsage_exits2() {
    CliRunner.Outcome o = CliRunner.in(dir).run("coordination");

    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("Usage: baton coordination").contains("init");
  }

  @Test
  void postgresPassword_comesFromItsVariable_andIsRedactedEverywhere() {
    // A variable whose name does not mark it as a credential: only password-env does.
    String password = "s3cret-db-pass";
    Context ctx =
        new Context(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            RuntimeEnvironment.of(Map.of("BATON_DB_AUTH", password)),
            new Providers(),
            dir);
    CoordinationSettings settings =
        new CoordinationSettings(
            new CoordinationSettings.Postgres(
                "jdbc:postgresql://127.0.0.1:5432/baton",
                "baton",
                java.util.Optional.of("BATON_DB_AUTH")),
            CoordinationSettings.DEFAULT_LEASE_TTL,
            CoordinationSettings.DEFAULT_LEASE_WAIT);
    assertThat(ctx.redact("password " + password)).contains(password);

    try (Owned owned = new Owned()) {
      Coordination c = Coordination.open(settings, ctx, owned);
      assertThat(c.description()).doesNotContain(password);
    }

    assertThat(ctx.redact("password " + password)).isEqualTo("password ****");
  }

  @Test
  void postgresPasswordVariableUnset_isAnErrorNamingIt() throws Exception {
    Files.writeString(
        dir.resolve("baton.yaml"),
        "coordination:\n  postgres: {url: \"jdbc:postgresql://db/baton\", user: b,"
            + " password-env: BATON_DB_PASSWORD}\n");

    CliRunner.Outcome o = CliRunner.in(dir).run("coordination", "init");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("coordination.postgres.password-env names BATON_DB_PASSWORD");
  }

  @Test
  void run_takesItsLeasesFromTheCoordination() throws Exception {
    ImageReference repo = RunCommandTest.REPO;
    Files.writeString(
        dir.resolve("baton.yaml"), "repository: " + repo + "\ncoordination:\n  lease-wait: 1s\n");
    providers.registry.pushImage(
        repo.withTag(ImageTagScheme.standard().tagFor(RunCommandTest.PUSHED)));
    providers.leases.tryAcquire(
        LeaseKey.of(DeploymentTarget.of(EnvironmentName.parse("dev"))),
        "another-job",
        Duration.ofMinutes(5));
    Map<String, String> env =
        Map.of(
            "GITHUB_EVENT_NAME",
            "push",
            "GITHUB_EVENT_PATH",
            PlanOfflineTest.payload("push.branch.json").toString(),
            "GITHUB_SHA",
            RunCommandTest.PUSHED.value(),
            "GITHUB_REPOSITORY",
            "Codertocat/Hello-World",
            "GITHUB_TOKEN",
            RunCommandTest.TOKEN);

    CliRunner.Outcome o = run(env, "run");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("baton run: refused (lease not obtained before the deadline)")
        .contains("held by another-job");
    assertThat(providers.deployer.deploys()).isEmpty();
    assertThat(providers.calls).contains("coordination InMemory");
  }
}
