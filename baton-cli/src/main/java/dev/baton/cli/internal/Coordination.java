package dev.baton.cli.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.ConfigurationException;
import dev.baton.InMemoryLeaseStore;
import dev.baton.Secret;
import dev.baton.aws.DynamoDbBuilder;
import dev.baton.aws.DynamoDbDeploymentLedger;
import dev.baton.aws.DynamoDbLeaseStore;
import dev.baton.aws.DynamoDbTables;
import dev.baton.jdbc.PostgresDeploymentLedger;
import dev.baton.jdbc.PostgresLeaseStore;
import dev.baton.jdbc.PostgresSchema;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.LeaseStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The lease store and, with it, the deployment ledger that every command that writes shares with
 * every other process of the flow: what {@code baton.yaml}'s {@code coordination} section names.
 * {@link #open} is the one place where a shared store is made; without one, leases are kept in the
 * command's own memory and the command uses its usual ledger (GitHub Deployments when GitHub is
 * configured).
 *
 * @param description what it is, for messages ({@code DynamoDB table baton in us-east-1})
 * @param leases the lease store
 * @param ledger the ledger kept with the leases; empty when the store keeps none, so that the
 *     command's usual ledger is used
 * @param init creates the store's tables (idempotent) and says what it did: {@code baton
 *     coordination init}
 */
public record Coordination(
    String description,
    LeaseStore leases,
    Optional<DeploymentLedger> ledger,
    Supplier<String> init) {
  /**
   * Checks nothing is null.
   *
   * @param description what it is, for messages ({@code DynamoDB table baton in us-east-1})
   * @param leases the lease store
   * @param ledger the ledger kept with the leases; empty when the store keeps none
   * @param init creates the store's tables (idempotent) and says what it did
   */
  public Coordination {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(leases, "leases");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(init, "init");
  }

  /** How long a PostgreSQL call waits for one of the pool's connections before it fails. */
  static final Duration POOL_WAIT = Duration.ofSeconds(10);

  /**
   * {@return leases in this process's memory, which serialise this command's own runs only, and no
   * ledger of its own}
   */
  public static Coordination inMemory() {
    return new Coordination(
        "in memory (this command only; baton.yaml names no shared store)",
        new InMemoryLeaseStore(),
        Optional.empty(),
        () ->
            "nothing to create: leases are kept in memory, since baton.yaml names no"
                + " coordination.dynamodb or coordination.postgres");
  }

  /**
   * Makes the store the settings name. Shared stores are wired here and nowhere else.
   *
   * @param settings the {@code coordination} section
   * @param ctx the environment (for a password variable) and the redactor
   * @param owned where clients and pools are registered, to be closed when the command ends
   * @return the coordination
   * @throws ConfigurationException when the store's settings are wrong, or its password variable is
   *     unset
   */
  public static Coordination open(CoordinationSettings settings, Context ctx, Owned owned) {
    CoordinationSettings.Store store = settings.store();
    if (store instanceof CoordinationSettings.DynamoDb d) {
      return dynamoDb(d, owned);
    }
    if (store instanceof CoordinationSettings.Postgres p) {
      return postgres(p, password(p, ctx), owned);
    }
    return inMemory();
  }

  private static Coordination dynamoDb(CoordinationSettings.DynamoDb d, Owned owned) {
    String where =
        "DynamoDB table "
            + d.table()
            + " in "
            + d.region()
            + d.endpoint().map(e -> " at " + e).orElse("");
    DynamoDbLeaseStore leases = owned.add(table(DynamoDbLeaseStore.builder(), d).build());
    DynamoDbDeploymentLedger ledger =
        owned.add(table(DynamoDbDeploymentLedger.builder(), d).build());
    return new Coordination(
        where,
        leases,
        Optional.of(ledger),
        () -> {
          DynamoDbClientBuilder b = DynamoDbClient.builder().region(Region.of(d.region()));
          d.endpoint().ifPresent(b::endpointOverride);
          try (DynamoDbClient client = b.build()) {
            return DynamoDbTables.create(client, d.table())
                ? "created the " + where
                : "the " + where + " is already there; nothing changed";
          }
        });
  }

  /** The table, Region and endpoint of a store or ledger, whose client Baton creates and closes. */
  private static <T> DynamoDbBuilder<T> table(
      DynamoDbBuilder<T> b, CoordinationSettings.DynamoDb d) {
    b.table(d.table()).region(d.region());
    d.endpoint().ifPresent(b::endpointOverride);
    return b;
  }

  private static Coordination postgres(
      CoordinationSettings.Postgres p, Optional<Secret> password, Owned owned) {
    PGSimpleDataSource driver = new PGSimpleDataSource();
    try {
      driver.setUrl(p.url());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "coordination.postgres.url: " + e.getMessage(),
          "write it as jdbc:postgresql://HOST:PORT/DATABASE",
          e);
    }
    driver.setUser(p.user());
    password.ifPresent(s -> driver.setPassword(s.reveal()));
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver);
    config.setPoolName("baton-coordination");
    // One command: its steps, and the renewal of the lease it holds meanwhile.
    config.setMaximumPoolSize(3);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(POOL_WAIT.toMillis());
    // Connect on first use, so that an unreachable database fails the first call, in its words.
    config.setInitializationFailTimeout(-1);
    HikariDataSource pool = owned.add(new HikariDataSource(config));
    String where = "PostgreSQL database " + p.url() + " as " + p.user();
    return new Coordination(
        where,
        new PostgresLeaseStore(pool),
        Optional.of(new PostgresDeploymentLedger(pool)),
        () -> {
          String schema = PostgresSchema.DEFAULT_SCHEMA;
          int before = PostgresSchema.version(pool, schema);
          int after = PostgresSchema.migrate(pool, schema);
          return before == after
              ? "schema "
                  + schema
                  + " of the "
                  + where
                  + " is at version "
                  + after
                  + " already; nothing changed"
              : "migrated schema "
                  + schema
                  + " of the "
                  + where
                  + " from version "
                  + before
                  + " to "
                  + after;
        });
  }

  /**
   * The database password, from the variable {@code password-env} names, registered with the
   * redactor so that nothing printed shows it.
   */
  private static Optional<Secret> password(CoordinationSettings.Postgres p, Context ctx) {
    if (p.passwordVariable().isEmpty()) {
      return Optional.empty();
    }
    String variable = p.passwordVariable().get();
    Secret password =
        ctx.env()
            .secret(variable)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "coordination.postgres.password-env names "
                            + variable
                            + ", which is not set",
                        "set "
                            + variable
                            + " to the database password (in a workflow: env: "
                            + variable
                            + ": ${{ secrets."
                            + variable
                            + " }})"));
    ctx.addSecret(password);
    return Optional.of(password);
  }
}
