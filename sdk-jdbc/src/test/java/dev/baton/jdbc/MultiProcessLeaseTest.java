package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Lease;
import dev.baton.testkit.DeployRace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deployers in separate JVMs ({@link LeaseRacer}) sharing one target through {@link
 * PostgresLeaseStore} and {@link PostgresDeploymentLedger}: what a CI system running several jobs
 * at once does.
 */
class MultiProcessLeaseTest {
  private static final Duration LONG = Duration.ofMinutes(5);
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private final List<Racer> racers = new ArrayList<>();

  @AfterEach
  void killRacers() {
    racers.forEach(Racer::kill);
  }

  /**
   * Eight processes take the lease in turns and record fenced deploys, half of them from a read
   * made before taking the lease: no two hold it at once, and exactly the deploys reported as won
   * are recorded as successes, the last of them current.
   */
  @Test
  void racingProcesses_holdTheLeaseOneAtATime_andOnlyTheirWinsAreRecorded() throws Exception {
    String schema = schemaWithRaceLog();
    int processes = 8;
    int rounds = 4;
    for (int i = 0; i < processes; i++) {
      racers.add(Racer.start("race", schema, "racer-" + i, rounds));
    }
    for (Racer r : racers) {
      r.await("ready", Duration.ofSeconds(120));
    }
    racers.forEach(r -> r.send("go"));
    List<String> lines = new ArrayList<>();
    for (Racer r : racers) {
      r.await("done", Duration.ofSeconds(120));
      assertThat(r.exitCode(Duration.ofSeconds(30))).as(r + " exit code").isZero();
      lines.addAll(r.lines());
    }

    List<Holding> holdings = holdings(schema);
    assertThat(holdings).hasSize(processes * rounds);
    for (int i = 1; i < holdings.size(); i++) {
      Holding before = holdings.get(i - 1);
      Holding after = holdings.get(i);
      assertThat(after.started())
          .as("%s starts after %s ended", after, before)
          .isAfterOrEqualTo(before.ended());
      assertThat(after.token()).isGreaterThan(before.token());
    }

    Map<String, Long> won =
        lines.stream()
            .filter(l -> l.startsWith("won "))
            .map(l -> l.split(" "))
            .collect(Collectors.toMap(w -> w[1], w -> Long.parseLong(w[2])));
    long refused = lines.stream().filter(l -> l.startsWith("refused ")).count();
    assertThat(won.size() + refused).isEqualTo(processes * rounds);
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(db.dataSource(), schema);
    List<DeploymentRecord> history = ledger.history(LeaseRacer.PROD.environment());
    assertThat(history)
        .extracting(DeploymentRecord::id)
        .containsExactlyInAnyOrderElementsOf(won.keySet());
    String last = won.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(ledger.current(LeaseRacer.PROD)).map(DeploymentRecord::id).contains(last);
    assertThat(history)
        .filteredOn(d -> !d.id().equals(last))
        .extracting(DeploymentRecord::state)
        .containsOnly(DeploymentState.INACTIVE);
    assertThat(ledger.history(HistoryQuery.all().target(LeaseRacer.PROD).limit(1000)))
        .filteredOn(e -> e.kind() == LedgerEvent.Kind.REFUSED)
        .hasSize((int) refused);
    System.out.printf(
        "%d processes, %d lease grants: %d deploys won, %d refused as stale%n",
        processes, holdings.size(), won.size(), refused);
  }

  /** A holder killed with SIGKILL stops renewing; the next taker gets the key once it lapses. */
  @Test
  void holderKilled_keyIsTakenOnlyAfterItsLeaseLapses() throws Exception {
    String schema = db.migratedSchema();
    PostgresLeaseStore store = new PostgresLeaseStore(db.dataSource(), schema);
    Duration ttl = Duration.ofMillis(2000);
    Racer holder = Racer.start("hold", schema, "holder", (int) ttl.toMillis());
    racers.add(holder);
    long token = Long.parseLong(holder.await("acquired ", Duration.ofSeconds(120)).split(" ")[1]);

    Thread.sleep(ttl.toMillis() + 500);
    assertThat(store.tryAcquire(LeaseRacer.KEY, "next", LONG)).as("renewed: still held").isEmpty();
    holder.kill();
    Lease last = store.holder(LeaseRacer.KEY).orElseThrow();
    assertThat(last.token()).isEqualTo(token);
    long killed = System.nanoTime();

    Lease next = null;
    while (next == null) {
      next = store.tryAcquire(LeaseRacer.KEY, "next", LONG).orElse(null);
      Thread.sleep(20);
    }

    Instant grantedAt = next.expiresAt().minus(LONG);
    assertThat(grantedAt).isAfterOrEqualTo(last.expiresAt());
    assertThat(next.token()).isGreaterThan(token);
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(ttl.plusSeconds(3));
  }

  /**
   * A holder stopped (SIGSTOP) past its lease's time to live, while another run takes the key and
   * deploys, cannot record its own deploy once it continues (SIGCONT): its fenced finish is refused
   * and the other run's deploy stays current.
   */
  @Test
  void holderPausedPastItsLease_cannotWriteAfterContinuing() throws Exception {
    String schema = db.migratedSchema();
    PostgresLeaseStore store = new PostgresLeaseStore(db.dataSource(), schema);
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(db.dataSource(), schema, "me");
    Racer paused = Racer.start("pause", schema, "paused", 1000);
    racers.add(paused);
    String[] begun = paused.await("begun ", Duration.ofSeconds(120)).split(" ");
    paused.signal("STOP");

    Lease mine = null;
    while (mine == null) {
      mine = store.tryAcquire(LeaseRacer.KEY, "me", LONG).orElse(null);
      Thread.sleep(50);
    }
    DeploymentRecord deployed = TestValues.deploy(ledger, LeaseRacer.PROD, mine.token());
    paused.signal("CONT");

    String outcome = paused.await("refused ", Duration.ofSeconds(60));
    assertThat(outcome).contains("token " + mine.token()).contains("token " + begun[2]);
    assertThat(paused.exitCode(Duration.ofSeconds(30))).isZero();
    assertThat(paused.lines()).noneMatch(l -> l.equals("finished"));
    assertThat(ledger.current(LeaseRacer.PROD)).map(DeploymentRecord::id).contains(deployed.id());
    assertThat(ledger.history(LeaseRacer.PROD.environment()))
        .filteredOn(d -> d.id().equals(begun[1]))
        .extracting(DeploymentRecord::state)
        .containsExactly(DeploymentState.IN_PROGRESS);
    assertThat(ledger.history(HistoryQuery.all().target(LeaseRacer.PROD)))
        .filteredOn(e -> e.kind() == LedgerEvent.Kind.REFUSED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("paused");
              assertThat(e.token()).isEqualTo(Long.parseLong(begun[2]));
              assertThat(e.deployment()).contains(begun[1]);
            });
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** One holding of the lease by a racer, by the database's clock. */
  private record Holding(String owner, long token, Instant started, Instant ended) {}

  private static String schemaWithRaceLog() throws SQLException {
    String schema = db.migratedSchema();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + schema
              + ".race_log (id bigserial PRIMARY KEY, owner text NOT NULL, token bigint NOT NULL,"
              + " started timestamptz NOT NULL, ended timestamptz)");
    }
    return schema;
  }

  private static List<Holding> holdings(String schema) throws SQLException {
    List<Holding> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT owner, token, started, ended FROM "
                    + schema
                    + ".race_log ORDER BY started, id")) {
      while (rs.next()) {
        out.add(
            new Holding(
                rs.getString(1),
                rs.getLong(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject(4, OffsetDateTime.class))
                    .map(OffsetDateTime::toInstant)
                    .orElseThrow(() -> new AssertionError("a holding did not end"))));
      }
    }
    return out;
  }

  /** A {@link LeaseRacer} in a JVM of its own, its output lines collected as they come. */
  private static final class Racer {
    private final String name;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final BlockingQueue<String> incoming = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private Racer(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = out.readLine()) != null; ) {
                    incoming.add(line);
                  }
                } catch (IOException closed) {
                  // the process is gone
                }
              },
              name + "-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Racer start(String mode, String schema, String name, int n) throws IOException {
      Path log = Files.createDirectories(Path.of("target", "racers")).resolve(name + ".log");
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-Xmx96m",
              "-cp",
              System.getProperty("java.class.path"),
              LeaseRacer.class.getName(),
              mode,
              db.server().jdbcUrl(),
              schema,
              name,
              Integer.toString(n));
      Process p =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
              .start();
      return new Racer(name, p, log);
    }

    /** Waits for a line starting with {@code prefix}, keeping every line read. */
    String await(String prefix, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        String line = incoming.poll(100, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (System.nanoTime() < deadline && process.isAlive()) {
            continue;
          }
          throw new AssertionError(
              this
                  + " did not say \""
                  + prefix
                  + "...\" in "
                  + timeout
                  + (process.isAlive() ? "" : "; it exited with " + process.exitValue())
                  + "; it said "
                  + seen
                  + "; its errors are in "
                  + log);
        }
        seen.add(line);
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    List<String> lines() {
      incoming.drainTo(seen);
      return List.copyOf(seen);
    }

    void send(String line) {
      try {
        stdin.write(line + "\n");
        stdin.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("could not write to " + this, e);
      }
    }

    void signal(String signal) {
      DeployRace.signal(process, signal);
    }

    int exitCode(Duration timeout) throws InterruptedException {
      assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
          .as(this + " exits")
          .isTrue();
      return process.exitValue();
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return "racer " + name + " (pid " + process.pid() + ")";
    }
  }
}
