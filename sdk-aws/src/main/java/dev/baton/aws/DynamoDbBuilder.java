package dev.baton.aws;

import dev.baton.aws.internal.AwsClients;
import dev.baton.aws.internal.CoordinationTable;
import dev.baton.internal.Durations;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds a {@link DynamoDbLeaseStore} or a {@link DynamoDbDeploymentLedger}: which table, and
 * either a {@link DynamoDbClient} the caller owns (never closed by Baton) or the settings of one
 * that Baton creates and closes (Region, endpoint, credentials; each defaults to the SDK's default
 * chain). Every request is bounded by {@link #apiCallTimeout} and {@link #apiCallAttemptTimeout},
 * on a client of either kind.
 *
 * <pre>{@code
 * DynamoDbLeaseStore leases = DynamoDbLeaseStore.builder()
 *     .table("baton")
 *     .region("eu-west-1")
 *     .build();
 * }</pre>
 *
 * @param <T> what it builds
 */
public final class DynamoDbBuilder<T> {
  /** The default bound on one call, the SDK's retries of throttling included. */
  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(10);

  /** The default bound on one attempt of a call. */
  public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private final Function<CoordinationTable, T> factory;
  private String table = DynamoDbTables.DEFAULT_TABLE;
  private String region;
  private URI endpoint;
  private AwsCredentialsProvider credentials;
  private DynamoDbClient client;
  private Duration apiCallTimeout = DEFAULT_API_CALL_TIMEOUT;
  private Duration apiCallAttemptTimeout = DEFAULT_API_CALL_ATTEMPT_TIMEOUT;
  private Clock clock = Clock.systemUTC();

  DynamoDbBuilder(Function<CoordinationTable, T> factory) {
    this.factory = factory;
  }

  /**
   * @param name the table's name; {@value DynamoDbTables#DEFAULT_TABLE} unless set
   * @return this builder
   */
  public DynamoDbBuilder<T> table(String name) {
    this.table = CoordinationTable.checkName(name);
    return this;
  }

  /**
   * @param name the Region of the table, e.g. {@code eu-west-1}; the SDK's default chain unless set
   * @return this builder
   */
  public DynamoDbBuilder<T> region(String name) {
    this.region = Objects.requireNonNull(name, "region");
    return this;
  }

  /**
   * @param uri the endpoint to call instead of the Region's (a VPC endpoint, a local server)
   * @return this builder
   */
  public DynamoDbBuilder<T> endpointOverride(URI uri) {
    this.endpoint = Objects.requireNonNull(uri, "endpointOverride");
    return this;
  }

  /**
   * @param provider the credentials; the SDK's default chain unless set
   * @return this builder
   */
  public DynamoDbBuilder<T> credentials(AwsCredentialsProvider provider) {
    this.credentials = Objects.requireNonNull(provider, "credentials");
    return this;
  }

  /**
   * @param dynamoDb a client the caller owns and closes, used instead of creating one (then Region,
   *     endpoint and credentials are the client's and may not be set here)
   * @return this builder
   */
  public DynamoDbBuilder<T> client(DynamoDbClient dynamoDb) {
    this.client = Objects.requireNonNull(dynamoDb, "client");
    return this;
  }

  /**
   * @param timeout the bound on one call, retries included; {@link #DEFAULT_API_CALL_TIMEOUT}
   *     unless set
   * @return this builder
   */
  public DynamoDbBuilder<T> apiCallTimeout(Duration timeout) {
    this.apiCallTimeout = Durations.positive(timeout, "apiCallTimeout");
    return this;
  }

  /**
   * @param timeout the bound on one attempt; {@link #DEFAULT_API_CALL_ATTEMPT_TIMEOUT} unless set
   * @return this builder
   */
  public DynamoDbBuilder<T> apiCallAttemptTimeout(Duration timeout) {
    this.apiCallAttemptTimeout = Durations.positive(timeout, "apiCallAttemptTimeout");
    return this;
  }

  /**
   * @param writerClock the clock that stamps lease expiries and records; the system clock unless
   *     set. Every process sharing the table must agree on the time to well within a lease's time
   *     to live.
   * @return this builder
   */
  public DynamoDbBuilder<T> clock(Clock writerClock) {
    this.clock = Objects.requireNonNull(writerClock, "clock");
    return this;
  }

  /**
   * @return the store or ledger; it does not call DynamoDB until used
   * @throws IllegalStateException when a client was given along with a Region, endpoint or
   *     credentials
   * @throws dev.baton.ConfigurationException when a client cannot be created (no Region found)
   */
  public T build() {
    if (client != null && (region != null || endpoint != null || credentials != null)) {
      throw new IllegalStateException(
          "region, endpointOverride and credentials configure the client Baton creates; with"
              + " client(...) given, configure that client instead");
    }
    boolean owns = client == null;
    DynamoDbClient c =
        owns
            ? AwsClients.dynamoDb(
                region, endpoint, credentials, apiCallTimeout, apiCallAttemptTimeout)
            : client;
    return factory.apply(
        new CoordinationTable(c, owns, table, apiCallTimeout, apiCallAttemptTimeout, clock));
  }
}
