package dev.baton.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.LeaseLostException;
import dev.baton.StaleWriteException;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * One process of {@link MultiProcessLeaseTest}: a deployer in a JVM of its own, sharing nothing
 * with the others but the database. It reports on standard output, one line per event.
 *
 * <p>Arguments: {@code MODE JDBC_URL SCHEMA NAME N}. Modes:
 *
 * <ul>
 *   <li>{@code race}: says {@code ready}, waits for a line on standard input, then N times takes
 *       the lease on {@code target/prod}, logs its holding in table {@code race_log} and records a
 *       fenced deploy ({@code won ID TOKEN} or {@code refused TOKEN REASON}); every other round it
 *       reads the current deployment before taking the lease, so that its read may be stale.
 *   <li>{@code hold}: takes the lease with a time to live of N ms, says {@code acquired TOKEN} and
 *       renews it until killed.
 *   <li>{@code pause}: takes the lease with a time to live of N ms (renewed meanwhile), begins a
 *       fenced deploy, says {@code begun ID TOKEN}, works for three seconds, then finishes it:
 *       {@code finished} or {@code refused REASON}.
 * </ul>
 */
public final class LeaseRacer {
  static final DeploymentTarget PROD = DeploymentTarget.of(EnvironmentName.parse("prod"));
  static final LeaseKey KEY = LeaseKey.of(PROD);

  private LeaseRacer() {}

  /**
   * @param args the mode, the database's JDBC URL, the schema, this racer's name and a number
   * @throws Exception when the racer fails; the process then exits non-zero
   */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String schema = args[2];
    String name = args[3];
    int n = Integer.parseInt(args[4]);
    // A long wait for a connection: eight JVMs starting at once on a small machine are slow.
    try (HikariDataSource ds = TestDatabase.pool(args[1], 2, Duration.ofSeconds(30))) {
      PostgresLeaseStore store = new PostgresLeaseStore(ds, schema);
      PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(ds, schema, name);
      store.holder(KEY); // connected, and the schema checked, before any timing starts
      switch (mode) {
        case "race" -> race(ds, schema, store, ledger, name, n);
        case "hold" -> hold(store, name, Duration.ofMillis(n));
        case "pause" -> pause(store, ledger, name, Duration.ofMillis(n));
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
    }
  }

  private static void race(
      DataSource ds,
      String schema,
      PostgresLeaseStore store,
      PostgresDeploymentLedger ledger,
      String name,
      int rounds)
      throws Exception {
    say("ready");
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    for (int round = 0; round < rounds; round++) {
      Optional<DeploymentRecord> early = round % 2 == 1 ? ledger.current(PROD) : null;
      Lease lease = acquire(store, name + "/" + round, Duration.ofSeconds(30));
      long log = logStart(ds, schema, lease);
      Optional<DeploymentRecord> read = early != null ? early : ledger.current(PROD);
      Fence fence = Fence.of(lease.token(), read);
      CommitSha commit = TestValues.commit();
      try {
        DeploymentRecord d =
            ledger.begin(
                new DeploymentStart(PROD, commit, TestValues.image(commit), Map.of()), fence);
        Thread.sleep(ThreadLocalRandom.current().nextInt(2, 10));
        ledger.finish(d, DeploymentState.SUCCESS, "", fence);
        say("won " + d.id() + " " + lease.token());
      } catch (StaleWriteException refused) {
        say("refused " + lease.token() + " " + refused.getMessage());
      }
      logEnd(ds, schema, log);
      store.release(lease);
    }
    say("done");
  }

  private static void hold(PostgresLeaseStore store, String name, Duration ttl)
      throws InterruptedException {
    Lease lease = acquire(store, name, ttl);
    say("acquired " + lease.token());
    while (true) {
      Thread.sleep(ttl.toMillis() / 4);
      lease = store.renew(lease, ttl);
    }
  }

  private static void pause(
      PostgresLeaseStore store, PostgresDeploymentLedger ledger, String name, Duration ttl)
      throws InterruptedException {
    Lease lease = acquire(store, name, ttl);
    Thread renewer =
        new Thread(
            () -> {
              Lease held = lease;
              try {
                while (true) {
                  Thread.sleep(ttl.toMillis() / 4);
                  held = store.renew(held, ttl);
                }
              } catch (LeaseLostException lost) {
                say("lost " + lost.getMessage());
              } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
              }
            });
    renewer.setDaemon(true);
    renewer.start();
    Fence fence = Fence.of(lease.token(), ledger.current(PROD));
    CommitSha commit = TestValues.commit();
    DeploymentRecord d =
        ledger.begin(new DeploymentStart(PROD, commit, TestValues.image(commit), Map.of()), fence);
    say("begun " + d.id() + " " + lease.token());
    Thread.sleep(3000);
    try {
      ledger.finish(d, DeploymentState.SUCCESS, "", fence);
      say("finished");
    } catch (StaleWriteException refused) {
      say("refused " + refused.getMessage());
    }
  }

  private static Lease acquire(PostgresLeaseStore store, String owner, Duration ttl)
      throws InterruptedException {
    while (true) {
      Optional<Lease> lease = store.tryAcquire(KEY, owner, ttl);
      if (lease.isPresent()) {
        return lease.get();
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(2, 10));
    }
  }

  private static long logStart(DataSource ds, String schema, Lease lease) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".race_log (owner, token, started) VALUES (?, ?, clock_timestamp())"
                    + " RETURNING id")) {
      ps.setString(1, lease.owner());
      ps.setLong(2, lease.token());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void logEnd(DataSource ds, String schema, long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE " + schema + ".race_log SET ended = clock_timestamp() WHERE id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
