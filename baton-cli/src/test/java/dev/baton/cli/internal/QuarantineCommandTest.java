package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Digest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code baton quarantine}: a digest kept from every environment, shown by status, released. */
class QuarantineCommandTest extends DirectCommandTestBase {
  private Digest c1() {
    return f.builds.get(f.c1).digest();
  }

  @Test
  void quarantine_refusesEveryDeployOfTheDigest_untilReleased() {
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value()).exit()).isZero();
    f.env.put("GITHUB_ACTOR", "alice");

    CliRunner.Outcome q = f.run("quarantine", c1().toString(), "--reason", "leaks memory");

    assertThat(q.exit()).as(q.err()).isZero();
    assertThat(DirectFixture.outputs(q))
        .containsEntry("result", "quarantined")
        .containsEntry("digest", c1().toString())
        .containsEntry("reason", "leaks memory")
        .containsEntry("who", "alice")
        .containsKey("at");
    CliRunner.Outcome refused = f.run("deploy", "staging", "--commit", f.c1.value());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("is quarantined (by alice")
        .contains("leaks memory")
        .contains("baton quarantine --release " + c1());
    int deploys = f.providers.deployer.deploys().size();

    CliRunner.Outcome again = f.run("quarantine", c1().toString(), "--reason", "other");
    assertThat(DirectFixture.outputs(again))
        .containsEntry("result", "already-quarantined")
        .containsEntry("reason", "leaks memory");

    CliRunner.Outcome released =
        f.run("quarantine", "--release", c1().toString(), "--reason", "fixed");
    assertThat(released.exit()).as(released.err()).isZero();
    assertThat(DirectFixture.outputs(released))
        .containsEntry("result", "released")
        .containsEntry("reason", "leaks memory");
    assertThat(f.providers.deployer.deploys()).hasSize(deploys);
    assertThat(f.run("deploy", "staging", "--commit", f.c1.value()).exit()).isZero();
    assertThat(
            DirectFixture.outputs(
                f.run("quarantine", "--release", c1().toString(), "--reason", "again")))
        .containsEntry("result", "not-quarantined");
  }

  @Test
  void status_listsTheQuarantinedDigests_inTextAndJson() {
    f.env.put("GITHUB_ACTOR", "alice");
    assertThat(f.run("quarantine", c1().toString(), "--reason", "leaks memory").exit()).isZero();

    CliRunner.Outcome text = f.run("status");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("QUARANTINED")
        .contains(c1() + " quarantined by alice at ")
        .contains(": leaks memory");

    List<Map<String, Object>> quarantines =
        DirectFixture.jsonList(f.run("status", "--json"), "quarantines");
    assertThat(quarantines)
        .singleElement()
        .satisfies(
            q ->
                assertThat(q)
                    .containsOnlyKeys("digest", "reason", "who", "at")
                    .containsEntry("digest", c1().toString())
                    .containsEntry("reason", "leaks memory")
                    .containsEntry("who", "alice"));
  }

  @Test
  void rollback_passesOverAQuarantinedDigest() {
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value()).exit()).isZero();
    assertThat(f.run("deploy", "dev", "--commit", f.c2.value()).exit()).isZero();
    assertThat(f.run("quarantine", c1().toString(), "--reason", "corrupts orders").exit()).isZero();

    CliRunner.Outcome o = f.run("rollback", "dev");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("that is not quarantined").contains(c1().toString());
  }

  @Test
  void badInput_isAUsageError_namingIt() {
    CliRunner.Outcome digest = f.run("quarantine", "sha256:abc", "--reason", "x");
    assertThat(digest.exit()).isEqualTo(2);
    assertThat(digest.err()).contains("DIGEST").contains("sha256:abc");

    CliRunner.Outcome reason = f.run("quarantine", c1().toString(), "--reason", " ");
    assertThat(reason.exit()).isEqualTo(2);
    assertThat(reason.err()).contains("--reason").contains("1 to 1000 characters");

    CliRunner.Outcome missing = f.run("quarantine", c1().toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("--reason");
  }
}
