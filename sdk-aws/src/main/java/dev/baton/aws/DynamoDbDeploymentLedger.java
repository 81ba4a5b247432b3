package dev.baton.aws;

import static dev.baton.aws.internal.Attributes.n;
import static dev.baton.aws.internal.Attributes.number;
import static dev.baton.aws.internal.Attributes.requireNumber;
import static dev.baton.aws.internal.Attributes.requireString;
import static dev.baton.aws.internal.Attributes.s;
import static dev.baton.aws.internal.Attributes.string;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.StaleWriteException;
import dev.baton.aws.internal.CoordinationTable;
import dev.baton.aws.internal.Expression;
import dev.baton.aws.internal.LedgerItems;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.QuarantineRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A {@link DeploymentLedger} on a DynamoDB table (see {@link DynamoDbTables}), shared by every
 * process that reaches the table; the same table can hold a {@link DynamoDbLeaseStore}'s leases.
 *
 * <p>Each target has an item ({@code pk = env#ENVIRONMENT}, {@code sk = target#TARGET}) holding its
 * current deployment's id (with a copy of that deployment) and the newest fencing token that wrote
 * to it. A fenced write is one conditional {@code UpdateItem} of that item whose condition is the
 * check {@link Fence#violation} describes ("no newer token has written, and the current deployment
 * is still the one read"): DynamoDB judges it and makes the write atomically, so two writers can
 * never both pass, and a refusal changes nothing. What a target runs is decided by that item alone;
 * the other writes (the deployment's own item, the success marker) follow it and are not read to
 * decide anything, so a crash between them leaves the target's state right.
 *
 * <p>Deployments are items of their environment's partition ({@code sk = deployment#ID}), with ids
 * from an atomic counter, zero-padded so that a descending {@code Query} lists them newest first. A
 * deployment item records the outcome its writer gave it; the state read is derived: the target's
 * current deployment is {@link DeploymentState#SUCCESS}, an earlier success is {@link
 * DeploymentState#INACTIVE} (so a new success or a destroy changes one item, not every earlier
 * one), anything else is as recorded. {@link #current} reads the target's item, {@link
 * #hasSucceeded} one marker item per environment and digest; {@link #history} queries one
 * partition. Builds are items written first-writer-wins ({@code attribute_not_exists}).
 *
 * <p>Calls per deploy: a fenced {@link #begin} 3 (fence, counter, deployment item), a successful
 * {@link #finish} 3 (fence, deployment item, marker), a failed one 1, {@link #deactivate} 1. The
 * records' times are the writer's clock.
 *
 * <p>Quarantined digests are items of partition {@code quarantine} ({@code sk} = the digest), with
 * the reason, who and when: {@link #quarantine} is a {@code PutItem} conditional on the item not
 * existing (the first quarantine stands), {@link #release} a {@code DeleteItem} that returns the
 * item lifted, {@link #quarantined} a {@code GetItem}, {@link #quarantines} a {@code Query} of the
 * partition. Approvals are items of partition {@code approval#ENVIRONMENT} ({@code sk =
 * DIGEST#REVIEWER}), written first-writer-wins the same way.
 *
 * <p>Needs {@code dynamodb:GetItem}, {@code UpdateItem}, {@code PutItem}, {@code DeleteItem} and
 * {@code Query} on the table. Safe for concurrent use.
 */
public final class DynamoDbDeploymentLedger implements DeploymentLedger, AutoCloseable {
  private static final String BUILD = "build";
  private static final String DEPLOYMENT = "deployment#";
  private static final String TARGET = "target#";
  private static final String IMAGE = "image";
  private static final String RECORDED_AT = "recordedAt";
  private static final String NEWEST_TOKEN = "newestToken";
  private static final String CURRENT_ID = "currentId";
  private static final String COUNTER_PK = "counter";
  private static final String COUNTER_SK = "deployment";
  private static final String VALUE = "value";
  private static final String QUARANTINE = "quarantine";
  private static final String REASON = "reason";
  private static final String WHO = "who";
  private static final String AT = "at";
  private static final String DIGEST = "digest";
  private static final String COMMIT = "commit";

  private final CoordinationTable table;

  private DynamoDbDeploymentLedger(CoordinationTable table) {
    this.table = table;
  }

  /**
   * @return a builder; with nothing set, table {@value DynamoDbTables#DEFAULT_TABLE} through a
   *     client with the SDK's default Region and credentials
   */
  public static DynamoDbBuilder<DynamoDbDeploymentLedger> builder() {
    return new DynamoDbBuilder<>(DynamoDbDeploymentLedger::new);
  }

  // ---- builds ----------------------------------------------------------------------------------

  @Override
  public BuildRecord recordBuild(CommitSha commit, ImageReference image) {
    BuildRecord mine = new BuildRecord(commit, image, table.now());
    Map<String, AttributeValue> item = new HashMap<>(CoordinationTable.key(buildPk(commit), BUILD));
    item.put(IMAGE, s(image.toString()));
    item.put(RECORDED_AT, n(mine.recordedAt().toEpochMilli()));
    return table
        .putIfAbsent("record of the build of " + commit, item)
        .map(earlier -> buildRecord(commit, earlier))
        .orElse(mine);
  }

  @Override
  public Optional<BuildRecord> build(CommitSha commit) {
    return table
        .get("build of " + commit, buildPk(commit), BUILD)
        .map(item -> buildRecord(commit, item));
  }

  // ---- deployments -----------------------------------------------------------------------------

  @Override
  public DeploymentRecord begin(DeploymentStart start, Fence fence) {
    Objects.requireNonNull(fence, "fence");
    DeploymentTarget target = start.target();
    Instant now = table.now();
    if (isFenced(fence)) {
      Expression x = new Expression();
      x.condition(fenceCondition(x, fence));
      x.update("SET " + x.name(NEWEST_TOKEN) + " = " + tokenValue(x, fence));
      writeTarget("begin of a deployment of " + target, target, fence, x);
    }
    DeploymentRecord d = start.record(nextId(), now);
    Map<String, AttributeValue> item =
        new HashMap<>(CoordinationTable.key(envPk(target.environment()), DEPLOYMENT + d.id()));
    item.putAll(LedgerItems.attributes(d));
    item.put(LedgerItems.ID, s(d.id()));
    item.put(LedgerItems.OUTCOME, s(d.state().name()));
    // A new id from the counter: no other writer can hold this key.
    table.put("record of deployment " + d.id() + " of " + target, item, null);
    return d;
  }

  @Override
  public DeploymentRecord finish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
    DeploymentLedger.checkFinish(deployment, state, url, fence);
    if (!LedgerItems.isId(deployment.id())) {
      throw new IllegalArgumentException("unknown deployment " + deployment.id());
    }
    DeploymentTarget target = deployment.target();
    DeploymentRecord done = deployment.withState(state, table.now(), url);
    if (state == DeploymentState.SUCCESS) {
      Expression x = new Expression();
      String id = x.value(done.id());
      if (isFenced(fence)) {
        // The fence, or this very write already made (the SDK retried a call that went through).
        x.condition(
            "("
                + fenceCondition(x, fence)
                + ") OR ("
                + x.name(CURRENT_ID)
                + " = "
                + id
                + " AND "
                + x.name(NEWEST_TOKEN)
                + " = "
                + tokenValue(x, fence)
                + ")");
      }
      StringJoiner set = new StringJoiner(", ", "SET ", "");
      set.add(x.name(CURRENT_ID) + " = " + id);
      if (fence.token() > 0) {
        set.add(x.name(NEWEST_TOKEN) + " = " + tokenValue(x, fence));
      }
      set.add(x.assignments(LedgerItems.attributes(done)));
      x.update(set.toString());
      writeTarget("success of deployment " + done.id() + " of " + target, target, fence, x);
    }
    Expression y = new Expression();
    y.condition("attribute_exists(" + y.name(CoordinationTable.PK) + ")");
    y.update("SET " + y.assignments(LedgerItems.outcome(done)));
    try {
      table.update(
          "finish of deployment " + done.id() + " of " + target,
          envPk(target.environment()),
          DEPLOYMENT + done.id(),
          y,
          ReturnValue.NONE);
    } catch (ConditionalCheckFailedException unknown) {
      throw new IllegalArgumentException(
          "unknown deployment " + done.id() + " of " + target, unknown);
    }
    if (state == DeploymentState.SUCCESS) {
      Map<String, AttributeValue> marker =
          new HashMap<>(
              CoordinationTable.key(succeededPk(target.environment()), done.digest().toString()));
      marker.put(LedgerItems.ID, s(done.id()));
      marker.put(LedgerItems.TARGET, s(target.toString()));
      // The same content whoever writes it: the digest succeeded in this environment.
      table.put("success of " + done.digest() + " in " + target.environment(), marker, null);
    }
    return done;
  }

  @Override
  public void deactivate(DeploymentTarget target, Fence fence) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(fence, "fence");
    Expression x = new Expression();
    String remove = "REMOVE " + x.name(CURRENT_ID);
    if (isFenced(fence)) {
      x.condition(
          "("
              + fenceCondition(x, fence)
              + ") OR (attribute_not_exists("
              + x.name(CURRENT_ID)
              + ") AND "
              + x.name(NEWEST_TOKEN)
              + " = "
              + tokenValue(x, fence)
              + ")");
    }
    x.update(
        fence.token() > 0
            ? "SET " + x.name(NEWEST_TOKEN) + " = " + tokenValue(x, fence) + " " + remove
            : remove);
    writeTarget("deactivation of " + target, target, fence, x);
  }

  @Override
  public List<DeploymentRecord> history(EnvironmentName environment) {
    List<Map<String, AttributeValue>> items =
        table.query("history of " + environment, envPk(environment), null, true);
    Map<String, String> currentIds = new HashMap<>();
    for (Map<String, AttributeValue> item : items) {
      String sk = requireString(item, CoordinationTable.SK);
      if (sk.startsWith(TARGET)) {
        string(item, CURRENT_ID).ifPresent(id -> currentIds.put(sk.substring(TARGET.length()), id));
      }
    }
    List<DeploymentRecord> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      if (requireString(item, CoordinationTable.SK).startsWith(DEPLOYMENT)) {
        String id = requireString(item, LedgerItems.ID);
        String target = requireString(item, LedgerItems.TARGET);
        DeploymentState recorded =
            DeploymentState.valueOf(requireString(item, LedgerItems.OUTCOME));
        DeploymentState state =
            id.equals(currentIds.get(target))
                ? DeploymentState.SUCCESS
                : recorded == DeploymentState.SUCCESS ? DeploymentState.INACTIVE : recorded;
        out.add(LedgerItems.record(item, id, state));
      }
    }
    return out;
  }

  @Override
  public Optional<DeploymentRecord> current(DeploymentTarget target) {
    return table
        .get("current deployment of " + target, envPk(target.environment()), TARGET + target)
        .flatMap(DynamoDbDeploymentLedger::currentOf);
  }

  @Override
  public boolean hasSucceeded(EnvironmentName environment, Digest digest) {
    return table
        .get(
            "success of " + digest + " in " + environment,
            succeededPk(environment),
            digest.toString())
        .isPresent();
  }

  // ---- quarantines -----------------------------------------------------------------------------

  @Override
  public QuarantineRecord quarantine(QuarantineRecord quarantine) {
    Objects.requireNonNull(quarantine, "quarantine");
    Map<String, AttributeValue> item =
        new HashMap<>(CoordinationTable.key(QUARANTINE, quarantine.digest().toString()));
    item.put(REASON, s(quarantine.reason()));
    item.put(WHO, s(quarantine.who()));
    item.put(AT, n(quarantine.at().toEpochMilli()));
    return table
        .putIfAbsent("quarantine of " + quarantine.digest(), item)
        .map(DynamoDbDeploymentLedger::quarantineRecord)
        .orElse(quarantine);
  }

  @Override
  public Optional<QuarantineRecord> release(QuarantineRecord release) {
    Objects.requireNonNull(release, "release");
    Map<String, AttributeValue> lifted =
        table.delete(
            "release of " + release.digest(), QUARANTINE, release.digest().toString(), null);
    return lifted.isEmpty() ? Optional.empty() : Optional.of(quarantineRecord(lifted));
  }

  @Override
  public Optional<QuarantineRecord> quarantined(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    return table
        .get("quarantine of " + digest, QUARANTINE, digest.toString())
        .map(DynamoDbDeploymentLedger::quarantineRecord);
  }

  @Override
  public List<QuarantineRecord> quarantines() {
    List<QuarantineRecord> out = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        table.query("quarantined digests", QUARANTINE, null, false)) {
      out.add(quarantineRecord(item));
    }
    out.sort(Comparator.comparing(QuarantineRecord::at).reversed());
    return out;
  }

  private static QuarantineRecord quarantineRecord(Map<String, AttributeValue> item) {
    return new QuarantineRecord(
        Digest.parse(requireString(item, CoordinationTable.SK)),
        requireString(item, REASON),
        requireString(item, WHO),
        Instant.ofEpochMilli(requireNumber(item, AT)));
  }

  // ---- approvals ------------------------------------------------------------------------------

  @Override
  public ApprovalRecord recordApproval(ApprovalRecord approval) {
    Objects.requireNonNull(approval, "approval");
    Map<String, AttributeValue> item =
        new HashMap<>(
            CoordinationTable.key(
                approvalPk(approval.environment()), approval.digest() + "#" + approval.reviewer()));
    item.put(DIGEST, s(approval.digest().toString()));
    item.put(COMMIT, s(approval.commit().value()));
    item.put(WHO, s(approval.reviewer()));
    item.put(AT, n(approval.at().toEpochMilli()));
    return table
        .putIfAbsent("approval of " + approval.digest() + " for " + approval.environment(), item)
        .map(standing -> approvalRecord(approval.environment(), standing))
        .orElse(approval);
  }

  @Override
  public List<ApprovalRecord> approvals(EnvironmentName environment) {
    Objects.requireNonNull(environment, "environment");
    List<ApprovalRecord> out = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        table.query("approvals for " + environment, approvalPk(environment), null, false)) {
      out.add(approvalRecord(environment, item));
    }
    out.sort(Comparator.comparing(ApprovalRecord::at).reversed());
    return out;
  }

  private static ApprovalRecord approvalRecord(
      EnvironmentName environment, Map<String, AttributeValue> item) {
    return new ApprovalRecord(
        environment,
        Digest.parse(requireString(item, DIGEST)),
        CommitSha.parse(requireString(item, COMMIT)),
        requireString(item, WHO),
        Instant.ofEpochMilli(requireNumber(item, AT)));
  }

  private static String approvalPk(EnvironmentName environment) {
    return "approval#" + environment;
  }

  /** Closes the client if the builder created it; a caller's client stays open. */
  @Override
  public void close() {
    table.close();
  }

  // ---- the fenced write ------------------------------------------------------------------------

  private static boolean isFenced(Fence fence) {
    return fence.token() > 0 || fence.checksCurrent();
  }

  /** The check of {@link Fence#violation}, as a condition on the target's item. */
  private static String fenceCondition(Expression x, Fence fence) {
    StringJoiner all = new StringJoiner(" AND ");
    if (fence.token() > 0) {
      String newest = x.name(NEWEST_TOKEN);
      all.add(
          "(attribute_not_exists("
              + newest
              + ") OR "
              + newest
              + " <= "
              + tokenValue(x, fence)
              + ")");
    }
    if (fence.checksCurrent()) {
      all.add(
          fence.expectedCurrentId().isEmpty()
              ? "attribute_not_exists(" + x.name(CURRENT_ID) + ")"
              : x.name(CURRENT_ID) + " = " + x.value(fence.expectedCurrentId()));
    }
    return all.toString();
  }

  private static String tokenValue(Expression x, Fence fence) {
    return x.value(fence.token());
  }

  /** Writes the target's item; a refused condition is a {@link StaleWriteException}. */
  private void writeTarget(String what, DeploymentTarget target, Fence fence, Expression x) {
    try {
      table.update(what, envPk(target.environment()), TARGET + target, x, ReturnValue.NONE);
    } catch (ConditionalCheckFailedException refused) {
      Map<String, AttributeValue> item =
          table
              .standing(refused, what, envPk(target.environment()), TARGET + target)
              .orElse(Map.of());
      String reason =
          fence
              .violation(number(item, NEWEST_TOKEN).orElse(0L), currentOf(item))
              .orElse("the target changed while the write was made");
      throw new StaleWriteException(target.toString(), reason);
    }
  }

  private static Optional<DeploymentRecord> currentOf(Map<String, AttributeValue> targetItem) {
    return string(targetItem, CURRENT_ID)
        .map(id -> LedgerItems.record(targetItem, id, DeploymentState.SUCCESS));
  }

  private String nextId() {
    Expression x = new Expression();
    x.update("ADD " + x.name(VALUE) + " " + x.value(1));
    long value =
        requireNumber(
            table.update("next deployment id", COUNTER_PK, COUNTER_SK, x, ReturnValue.UPDATED_NEW),
            VALUE);
    return LedgerItems.id(value);
  }

  private static BuildRecord buildRecord(CommitSha commit, Map<String, AttributeValue> item) {
    return new BuildRecord(
        commit,
        ImageReference.parse(requireString(item, IMAGE)),
        Instant.ofEpochMilli(requireNumber(item, RECORDED_AT)));
  }

  private static String buildPk(CommitSha commit) {
    return "build#" + Objects.requireNonNull(commit, "commit").value();
  }

  private static String envPk(EnvironmentName environment) {
    return "env#" + environment;
  }

  private static String succeededPk(EnvironmentName environment) {
    return "succeeded#" + environment;
  }

  @Override
  public String toString() {
    return "DynamoDbDeploymentLedger[" + table + "]";
  }
}
