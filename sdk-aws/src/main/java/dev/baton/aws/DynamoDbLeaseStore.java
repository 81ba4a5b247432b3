package dev.baton.aws;

import static dev.baton.aws.internal.Attributes.n;
import static dev.baton.aws.internal.Attributes.number;
import static dev.baton.aws.internal.Attributes.requireNumber;
import static dev.baton.aws.internal.Attributes.requireString;
import static dev.baton.aws.internal.Attributes.s;
import static dev.baton.aws.internal.Attributes.string;

import dev.baton.CommitSha;
import dev.baton.LeaseLostException;
import dev.baton.aws.internal.CoordinationTable;
import dev.baton.aws.internal.Expression;
import dev.baton.internal.Durations;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.LeaseWaiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A {@link LeaseStore} on a DynamoDB table (see {@link DynamoDbTables}), shared by every process
 * that reaches the table. Each step is one conditional write of one item, so DynamoDB makes the
 * check and the write atomically; nothing is read and then written without a condition.
 *
 * <p>A key's lease item ({@code pk = lease#KEY}, {@code sk = lease}) holds its holder (owner,
 * token, expiry, and the random id of the call that granted it, so that the SDK's retry of a grant
 * whose answer was lost is recognised) and the key's last token and last ticket, which only grow: a
 * release removes the holder and keeps the counters, so tokens never go back. Taking the key is one
 * {@code UpdateItem} whose condition is "no holder, or its expiry has passed" and which sets the
 * holder's token to the last token plus one. Queue entries are items of the same partition ({@code
 * sk = waiter#OWNER}) with a ticket from {@code ADD} on the lease item, and DynamoDB's time to live
 * on {@value DynamoDbTables#TTL_ATTRIBUTE} removes lapsed ones eventually (they are ignored once
 * expired).
 *
 * <p>Expiry is judged by the writer's clock: the expiry stored is the writer's time plus the time
 * to live, and another writer takes the key once its own clock has passed it. Every process sharing
 * the table must therefore agree on the time to well within a lease's time to live (NTP keeps
 * machines within milliseconds; a lease of a minute tolerates seconds). A writer whose lease lapsed
 * is stopped by its older fencing token, whatever the clocks say.
 *
 * <pre>{@code
 * try (DynamoDbLeaseStore leases = DynamoDbLeaseStore.builder().table("baton").build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Needs {@code dynamodb:GetItem}, {@code UpdateItem}, {@code PutItem}, {@code DeleteItem} and
 * {@code Query} on the table. Safe for concurrent use.
 */
public final class DynamoDbLeaseStore implements LeaseStore, AutoCloseable {
  private static final String LEASE = "lease";
  private static final String WAITER = "waiter#";
  private static final String OWNER = "owner";
  private static final String TOKEN = "token";
  private static final String EXPIRES_AT = "expiresAt";
  private static final String GRANT = "grant";
  private static final String LAST_TOKEN = "lastToken";
  private static final String LAST_TICKET = "lastTicket";
  private static final String TICKET = "ticket";
  private static final String COMMIT = "commit";

  private final CoordinationTable table;

  private DynamoDbLeaseStore(CoordinationTable table) {
    this.table = table;
  }

  /**
   * @return a builder; with nothing set, table {@value DynamoDbTables#DEFAULT_TABLE} through a
   *     client with the SDK's default Region and credentials
   */
  public static DynamoDbBuilder<DynamoDbLeaseStore> builder() {
    return new DynamoDbBuilder<>(DynamoDbLeaseStore::new);
  }

  @Override
  public Optional<Lease> tryAcquire(LeaseKey key, String owner, Duration ttl) {
    Instant now = table.now();
    Instant expiry = now.plus(Durations.positive(ttl, "ttl"));
    new Lease(key, owner, 1, expiry); // checks the key and owner before anything is written
    Expression x = new Expression();
    String expiresAt = x.name(EXPIRES_AT);
    String next = "if_not_exists(" + x.name(LAST_TOKEN) + ", " + x.value(0) + ") + " + x.value(1);
    // Free, lapsed, or granted by this very call: the SDK retried an attempt whose answer was lost.
    String grant = x.value(UUID.randomUUID().toString());
    x.condition(
        "attribute_not_exists("
            + expiresAt
            + ") OR "
            + expiresAt
            + " <= "
            + x.value(millis(now))
            + " OR "
            + x.name(GRANT)
            + " = "
            + grant);
    x.update(
        "SET "
            + x.name(LAST_TOKEN)
            + " = "
            + next
            + ", "
            + x.name(TOKEN)
            + " = "
            + next
            + ", "
            + x.name(OWNER)
            + " = "
            + x.value(owner)
            + ", "
            + x.name(GRANT)
            + " = "
            + grant
            + ", "
            + expiresAt
            + " = "
            + x.value(millis(expiry)));
    try {
      Map<String, AttributeValue> granted =
          table.update("tryAcquire of " + key, pk(key), LEASE, x, ReturnValue.UPDATED_NEW);
      return Optional.of(new Lease(key, owner, requireNumber(granted, TOKEN), expiry));
    } catch (ConditionalCheckFailedException held) {
      return Optional.empty();
    }
  }

  @Override
  public Lease renew(Lease lease, Duration ttl) {
    Instant expiry = table.now().plus(Durations.positive(ttl, "ttl"));
    Expression x = new Expression();
    x.condition(holds(x, lease));
    x.update("SET " + x.name(EXPIRES_AT) + " = " + x.value(millis(expiry)));
    try {
      table.update("renew of " + lease.key(), pk(lease.key()), LEASE, x, ReturnValue.NONE);
    } catch (ConditionalCheckFailedException lost) {
      throw new LeaseLostException(lease);
    }
    return new Lease(lease.key(), lease.owner(), lease.token(), expiry);
  }

  @Override
  public void release(Lease lease) {
    Expression x = new Expression();
    x.condition(holds(x, lease));
    x.update(
        "REMOVE "
            + x.name(OWNER)
            + ", "
            + x.name(TOKEN)
            + ", "
            + x.name(EXPIRES_AT)
            + ", "
            + x.name(GRANT));
    try {
      table.update("release of " + lease.key(), pk(lease.key()), LEASE, x, ReturnValue.NONE);
    } catch (ConditionalCheckFailedException notHeld) {
      // someone else holds it now, or nobody: nothing to give up
    }
  }

  @Override
  public Optional<Lease> holder(LeaseKey key) {
    Objects.requireNonNull(key, "key");
    Instant now = table.now();
    return table
        .get("holder of " + key, pk(key), LEASE)
        .filter(item -> item.containsKey(OWNER) && item.containsKey(TOKEN))
        .map(
            item ->
                new Lease(
                    key,
                    requireString(item, OWNER),
                    requireNumber(item, TOKEN),
                    Instant.ofEpochMilli(requireNumber(item, EXPIRES_AT))))
        .filter(lease -> lease.expiresAt().isAfter(now));
  }

  @Override
  public LeaseWaiter join(LeaseKey key, String owner, Optional<CommitSha> commit, Duration ttl) {
    Instant expiry = table.now().plus(Durations.positive(ttl, "ttl"));
    new LeaseWaiter(key, owner, commit, 1, expiry); // checks before anything is written
    Expression x = new Expression();
    x.update("ADD " + x.name(LAST_TICKET) + " " + x.value(1));
    long ticket =
        requireNumber(
            table.update("join of the queue of " + key, pk(key), LEASE, x, ReturnValue.UPDATED_NEW),
            LAST_TICKET);
    LeaseWaiter waiter = new LeaseWaiter(key, owner, commit, ticket, expiry);
    putWaiter(waiter);
    return waiter;
  }

  @Override
  public List<LeaseWaiter> queue(LeaseWaiter waiter, Duration ttl) {
    Instant now = table.now();
    putWaiter(
        new LeaseWaiter(
            waiter.key(),
            waiter.owner(),
            waiter.commit(),
            waiter.ticket(),
            now.plus(Durations.positive(ttl, "ttl"))));
    return table.query("queue of " + waiter.key(), pk(waiter.key()), WAITER, false).stream()
        .map(item -> waiter(waiter.key(), item))
        .filter(w -> w.expiresAt().isAfter(now))
        .sorted(Comparator.comparingLong(LeaseWaiter::ticket))
        .toList();
  }

  @Override
  public void leave(LeaseWaiter waiter) {
    Expression x = new Expression();
    x.condition(x.name(TICKET) + " = " + x.value(waiter.ticket()));
    try {
      table.delete(
          "leave of the queue of " + waiter.key(), pk(waiter.key()), WAITER + waiter.owner(), x);
    } catch (ConditionalCheckFailedException gone) {
      // the entry is gone already (or belongs to a later join of the same owner)
    }
  }

  /** Closes the client if the builder created it; a caller's client stays open. */
  @Override
  public void close() {
    table.close();
  }

  /** The condition that the lease item still names this holder. */
  private static String holds(Expression x, Lease lease) {
    return x.name(TOKEN)
        + " = "
        + x.value(lease.token())
        + " AND "
        + x.name(OWNER)
        + " = "
        + x.value(lease.owner());
  }

  /** Writes a waiter's entry as given: its own item, which only its owner writes. */
  private void putWaiter(LeaseWaiter w) {
    Map<String, AttributeValue> item =
        new HashMap<>(CoordinationTable.key(pk(w.key()), WAITER + w.owner()));
    item.put(OWNER, s(w.owner()));
    item.put(TICKET, n(w.ticket()));
    item.put(EXPIRES_AT, n(millis(w.expiresAt())));
    item.put(DynamoDbTables.TTL_ATTRIBUTE, n(w.expiresAt().getEpochSecond() + 1));
    w.commit().ifPresent(c -> item.put(COMMIT, s(c.value())));
    table.put("queue entry of " + w.owner() + " for " + w.key(), item, null);
  }

  private static LeaseWaiter waiter(LeaseKey key, Map<String, AttributeValue> item) {
    return new LeaseWaiter(
        key,
        requireString(item, OWNER),
        string(item, COMMIT).map(CommitSha::parse),
        requireNumber(item, TICKET),
        Instant.ofEpochMilli(number(item, EXPIRES_AT).orElse(0L)));
  }

  private static long millis(Instant t) {
    return t.toEpochMilli();
  }

  private static String pk(LeaseKey key) {
    return "lease#" + Objects.requireNonNull(key, "key").value();
  }

  @Override
  public String toString() {
    return "DynamoDbLeaseStore[" + table + "]";
  }
}
