package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code baton status}: each environment's windows and freezes, open or closed now, until when. */
class StatusWindowsTest extends DirectCommandTestBase {
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final Instant frozenUntil = now.plus(Duration.ofHours(1));
  private final Instant freezeStarts = now.plus(Duration.ofHours(2));

  private void configure() throws Exception {
    f.config(
        "environments:\n"
            + "  - name: dev\n"
            + "    trigger: push\n"
            + "  - name: staging\n"
            + "    freezes: [{from: "
            + now.minus(Duration.ofHours(1))
            + ", until: "
            + frozenUntil
            + ", reason: migration}]\n"
            + "  - name: prod\n"
            + "    freezes: [{from: "
            + freezeStarts
            + ", until: "
            + freezeStarts.plus(Duration.ofDays(1))
            + ", reason: holidays}]\n");
  }

  @Test
  void text_saysOpenOrClosedNow_andWhenThatChanges() throws Exception {
    configure();

    CliRunner.Outcome o = f.run("status");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out().lines().toList())
        .contains(
            "staging: closed, inside its freeze "
                + now.minus(Duration.ofHours(1))
                + ".."
                + frozenUntil
                + " (migration); opens at "
                + frozenUntil,
            "prod: open; closes at " + freezeStarts)
        .noneMatch(l -> l.startsWith("dev:"));
  }

  @Test
  void json_hasEveryEnvironmentsWindows() throws Exception {
    configure();

    CliRunner.Outcome o = f.run("status", "--json");

    List<Map<String, Object>> envs = DirectFixture.jsonList(o, "environments");
    assertThat(envs)
        .extracting(e -> e.get("environment"))
        .containsExactly("dev", "staging", "prod");
    assertThat(envs.get(0))
        .containsEntry("open", true)
        .containsEntry("closedBy", Json.NULL)
        .containsEntry("nextChange", Json.NULL);
    assertThat(envs.get(1))
        .containsEntry("open", false)
        .containsEntry("nextChange", frozenUntil.toString());
    assertThat((String) envs.get(1).get("closedBy")).contains("migration");
    assertThat(envs.get(2))
        .containsEntry("open", true)
        .containsEntry("nextChange", freezeStarts.toString());
    assertThat((List<?>) envs.get(2).get("freezes"))
        .singleElement()
        .asString()
        .contains("holidays");
  }
}
