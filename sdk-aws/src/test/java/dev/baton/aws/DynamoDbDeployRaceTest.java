package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.aws.dynamo.DynaliteServer;
import dev.baton.aws.dynamo.DynamoDbRaceFactory;
import dev.baton.spi.DeploymentRecord;
import dev.baton.testkit.DeployRace;
import dev.baton.testkit.DeployRace.Interval;
import dev.baton.testkit.DeployRace.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys of one target racing from separate JVM processes, each with its own DynamoDB client, on
 * one table: they run one at a time, and the newest commit that deployed is what stays current.
 */
class DynamoDbDeployRaceTest {
  private static final int RACERS = 4;

  private static DynaliteServer server;

  @BeforeAll
  static void start() {
    server = new DynaliteServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void racersInSeparateProcesses_deployOneAtATime_andTheNewestDeployedStaysCurrent(
      @TempDir Path dir) {
    String table = server.newTable("race");
    String config = DynamoDbRaceFactory.config(server.dynalite().endpoint(), table);
    Path log = dir.resolve("deploys.log");
    List<CommitSha> line = DeployRace.history(RACERS);
    List<Process> racers = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      racers.add(
          DeployRace.start(
              DynamoDbRaceFactory.class, config, RACERS, i, log, Duration.ofSeconds(10), 300));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      outcomes.add(DeployRace.outcome(racers.get(i), line.get(i), Duration.ofMinutes(3)));
    }

    assertThat(outcomes)
        .extracting(Outcome::result)
        .as("outcomes %s", outcomes)
        .allMatch(r -> r.equals("DEPLOYED") || r.equals("SUPERSEDED") || r.equals("OLDER"))
        .contains("DEPLOYED");
    List<Interval> deploys =
        DeployRace.intervals(log).stream().sorted(Comparator.comparing(Interval::start)).toList();
    for (int i = 1; i < deploys.size(); i++) {
      assertThat(deploys.get(i - 1).end())
          .as("deploy %s ended before %s started", deploys.get(i - 1), deploys.get(i))
          .isNotNull()
          .isBeforeOrEqualTo(deploys.get(i).start());
    }
    CommitSha newestDeployed =
        outcomes.stream()
            .filter(o -> o.result().equals("DEPLOYED"))
            .map(Outcome::commit)
            .max(Comparator.comparingInt(line::indexOf))
            .orElseThrow();
    try (DynamoDbDeploymentLedger ledger =
        DynaliteServer.build(DynamoDbDeploymentLedger.builder(), server.client(), table)) {
      assertThat(ledger.current(DeployRace.DEV))
          .map(DeploymentRecord::commit)
          .contains(newestDeployed);
    }
  }
}
