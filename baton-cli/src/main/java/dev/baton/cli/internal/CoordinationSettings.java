package dev.baton.cli.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code baton.yaml}'s {@code coordination} section says: where the leases that serialise
 * deploys and the deployment ledger are shared between processes, and how long leases last and are
 * waited for. Read by {@link ConfigLoader}; turned into a store by {@link Coordination}.
 *
 * @param store where leases (and the ledger) are kept
 * @param leaseTimeToLive how long a lease lasts unless renewed ({@code lease-ttl})
 * @param leaseWait how long a command waits for a lease before it gives up ({@code lease-wait})
 */
public record CoordinationSettings(Store store, Duration leaseTimeToLive, Duration leaseWait) {
  /** The default {@code lease-ttl}: 60 seconds, as {@code PromotionPipeline}'s. */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(60);

  /** The default {@code lease-wait}: 30 minutes, as {@code PromotionPipeline}'s. */
  public static final Duration DEFAULT_LEASE_WAIT = Duration.ofMinutes(30);

  /**
   * Checks nothing is null.
   *
   * @param store where leases (and the ledger) are kept
   * @param leaseTimeToLive how long a lease lasts unless renewed ({@code lease-ttl})
   * @param leaseWait how long a command waits for a lease before it gives up ({@code lease-wait})
   */
  public CoordinationSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(leaseTimeToLive, "leaseTimeToLive");
    Objects.requireNonNull(leaseWait, "leaseWait");
  }

  /** {@return leases in each command's own memory, with the default times} */
  public static CoordinationSettings defaults() {
    return new CoordinationSettings(new InMemory(), DEFAULT_LEASE_TTL, DEFAULT_LEASE_WAIT);
  }

  /** Where leases are kept. */
  public sealed interface Store permits InMemory, DynamoDb, Postgres {}

  /** In the command's own memory: serialises nothing across processes. */
  public record InMemory() implements Store {}

  /**
   * A DynamoDB table ({@code coordination.dynamodb}).
   *
   * @param table the table's name
   * @param region the AWS region, e.g. {@code us-east-1}
   * @param endpoint another endpoint than the region's, e.g. a local DynamoDB; empty for AWS's
   */
  public record DynamoDb(String table, String region, Optional<URI> endpoint) implements Store {
    /**
     * Checks nothing is null.
     *
     * @param table the table's name
     * @param region the AWS region, e.g. {@code us-east-1}
     * @param endpoint another endpoint than the region's, e.g. a local DynamoDB; empty for AWS's
     */
    public DynamoDb {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(endpoint, "endpoint");
    }
  }

  /**
   * A PostgreSQL database ({@code coordination.postgres}). The password is never in the file: only
   * the name of the environment variable that holds it.
   *
   * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}
   * @param user the database user
   * @param passwordVariable the environment variable holding the password ({@code password-env});
   *     empty when the server needs none
   */
  public record Postgres(String url, String user, Optional<String> passwordVariable)
      implements Store {
    /**
     * Checks nothing is null.
     *
     * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}
     * @param user the database user
     * @param passwordVariable the environment variable holding the password ({@code password-env});
     *     empty when the server needs none
     */
    public Postgres {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(passwordVariable, "passwordVariable");
    }
  }
}
