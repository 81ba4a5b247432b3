package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.internal.Json;
import dev.baton.spi.LeaseKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code baton status}: the ledger's view of each target, and its lease holder. */
class StatusCommandTest extends DirectCommandTestBase {
  @BeforeEach
  void deployAFew() {
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value()).exit()).isZero();
    assertThat(f.run("deploy", "preview", "--pr", "12", "--commit", f.c2.value()).exit()).isZero();
    assertThat(f.run("deploy", "preview", "--pr", "3", "--commit", f.c1.value()).exit()).isZero();
    assertThat(f.run("destroy", "preview", "--pr", "12").exit()).isZero();
    f.providers.leases.tryAcquire(
        LeaseKey.of(DeploymentTarget.of(EnvironmentName.parse("staging"))),
        "ci-host/4242/abcd1234",
        Duration.ofMinutes(5));
  }

  @Test
  void history_withoutThePostgresStore_isRefusedSayingWhatItNeeds() {
    CliRunner.Outcome o = f.run("status", "--history", "10");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("--history needs the PostgreSQL coordination store");
  }

  @Test
  void table_showsEveryTarget_withItsLease() {
    CliRunner.Outcome o = f.run("status");

    assertThat(o.exit()).as(o.err()).isZero();
    List<String> lines = o.out().lines().toList();
    assertThat(lines.get(0)).startsWith("TARGET").contains("STATE").contains("LEASE");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("dev ")
                    .contains("running")
                    .contains(f.c1.value())
                    .contains(f.builds.get(f.c1).digest().toString())
                    .contains("https://dev.app.example.test")
                    .endsWith("free"))
        .anySatisfy(l -> assertThat(l).startsWith("preview#12").contains("destroyed"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("staging")
                    .contains("none")
                    .contains("held by ci-host/4242/abcd1234 (token 1)"));
    assertThat(lines.stream().map(l -> l.split(" ")[0]).toList())
        .containsExactly("TARGET", "preview#3", "preview#12", "dev", "staging", "prod");
  }

  @Test
  void json_hasTheDocumentedShape() {
    CliRunner.Outcome o = f.run("status", "--json");

    assertThat(o.exit()).as(o.err()).isZero();
    Map<String, Object> doc = Json.parseObject(o.out());
    assertThat(doc).containsOnlyKeys("targets", "environments", "quarantines", "pendingApprovals");
    assertThat(doc.get("quarantines")).isEqualTo(List.of());
    assertThat(doc.get("pendingApprovals")).isEqualTo(List.of());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> targets = (List<Map<String, Object>>) doc.get("targets");
    assertThat(targets).hasSize(5);
    for (Map<String, Object> t : targets) {
      assertThat(t)
          .containsOnlyKeys("environment", "target", "pullRequest", "state", "current", "lease");
    }
    Map<String, Object> dev = targets.get(2);
    assertThat(dev)
        .containsEntry("environment", "dev")
        .containsEntry("target", "dev")
        .containsEntry("pullRequest", Json.NULL)
        .containsEntry("state", "running")
        .containsEntry("lease", Json.NULL);
    assertThat(Json.object(dev.get("current")))
        .containsOnlyKeys("commit", "digest", "image", "deployedAt", "url")
        .containsEntry("commit", f.c1.value())
        .containsEntry("digest", f.builds.get(f.c1).digest().toString())
        .containsEntry("url", "https://dev.app.example.test");
    Map<String, Object> destroyed = targets.get(1);
    assertThat(destroyed)
        .containsEntry("target", "preview#12")
        .containsEntry("state", "destroyed")
        .containsEntry("current", Json.NULL);
    assertThat(Json.longValue(destroyed.get("pullRequest"), -1)).isEqualTo(12);
    Map<String, Object> staging = targets.get(3);
    assertThat(staging).containsEntry("state", "none").containsEntry("current", Json.NULL);
    assertThat(Json.object(staging.get("lease")))
        .containsEntry("owner", "ci-host/4242/abcd1234")
        .containsKeys("token", "expiresAt");
  }

  @Test
  void pendingApprovals_showWhoApprovedAndHowManyAreRequired() throws Exception {
    f.config(
        """
        environments:
          - name: dev
            trigger: push
          - name: prod
            needs: [dev]
            approval: {required: 2}
        """);
    CliRunner.Outcome refused = f.run("deploy", "prod", "--commit", f.c1.value(), "--approved");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("1 of 2 approvals so far");

    CliRunner.Outcome text = f.run("status");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("PENDING APPROVALS")
        .contains("prod " + f.c1.shortForm() + " " + f.builds.get(f.c1).digest() + ": 1 of 2");

    List<Map<String, Object>> pending =
        DirectFixture.jsonList(f.run("status", "--json"), "pendingApprovals");
    assertThat(pending)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p)
                  .containsOnlyKeys("environment", "commit", "digest", "approvedBy", "required")
                  .containsEntry("environment", "prod")
                  .containsEntry("commit", f.c1.value());
              assertThat(Json.longValue(p.get("required"), -1)).isEqualTo(2);
              assertThat((List<?>) p.get("approvedBy")).hasSize(1);
            });
  }

  @Test
  void oneEnvironment_only() {
    CliRunner.Outcome o = f.run("status", "preview", "--json");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("preview#3").contains("preview#12").doesNotContain("\"dev\"");
  }

  @Test
  void unknownEnvironment_isAnError() {
    CliRunner.Outcome o = f.run("status", "qa");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("\"qa\"");
  }
}
