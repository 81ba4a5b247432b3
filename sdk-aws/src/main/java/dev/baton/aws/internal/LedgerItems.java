package dev.baton.aws.internal;

import static dev.baton.aws.internal.Attributes.n;
import static dev.baton.aws.internal.Attributes.requireNumber;
import static dev.baton.aws.internal.Attributes.requireString;
import static dev.baton.aws.internal.Attributes.s;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How a {@link DeploymentRecord} is held in DynamoDB: the attributes its deployment item has, and
 * the copy of the current deployment that its target's item keeps. Ids are a counter's values,
 * zero-padded to {@value #ID_DIGITS} digits so that sort keys order them.
 */
public final class LedgerItems {
  /** The digits of a deployment id. */
  public static final int ID_DIGITS = 20;

  /** The attribute of the deployment's id. */
  public static final String ID = "id";

  /** The attribute of the deployment's target, as {@link DeploymentTarget#toString()} writes it. */
  public static final String TARGET = "target";

  /** The attribute of the state a writer recorded (the state read may differ, see the ledger). */
  public static final String OUTCOME = "outcome";

  private static final String COMMIT = "commit";
  private static final String IMAGE = "image";
  private static final String VARIABLES = "variables";
  private static final String UPDATED_AT = "updatedAt";
  private static final String URL = "url";
  private static final Pattern ID_FORM = Pattern.compile("[0-9]{" + ID_DIGITS + "}");

  private LedgerItems() {}

  /**
   * @param counter a value of the deployment counter, positive
   * @return the id it stands for
   */
  public static String id(long counter) {
    return String.format("%0" + ID_DIGITS + "d", counter);
  }

  /**
   * @param id an id
   * @return whether this ledger could have made it
   */
  public static boolean isId(String id) {
    return ID_FORM.matcher(id).matches();
  }

  /**
   * @param d a record
   * @return its attributes but its id and state: target, commit, image, variables, when, URL
   */
  public static Map<String, AttributeValue> attributes(DeploymentRecord d) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    out.put(TARGET, s(d.target().toString()));
    out.put(COMMIT, s(d.commit().value()));
    out.put(IMAGE, s(d.image().toString()));
    Map<String, AttributeValue> vars = new TreeMap<>();
    d.variables().forEach((k, v) -> vars.put(k, s(v)));
    out.put(VARIABLES, AttributeValue.fromM(vars));
    out.put(UPDATED_AT, n(d.updatedAt().toEpochMilli()));
    out.put(URL, s(d.url()));
    return out;
  }

  /**
   * @param done a finished record
   * @return the attributes a deployment item's outcome changes: outcome, when, URL
   */
  public static Map<String, AttributeValue> outcome(DeploymentRecord done) {
    return Map.of(
        OUTCOME,
        s(done.state().name()),
        UPDATED_AT,
        n(done.updatedAt().toEpochMilli()),
        URL,
        s(done.url()));
  }

  /**
   * @param item a deployment item, or a target item's copy of its current deployment
   * @param id the deployment's id
   * @param state the state to give it
   * @return the record
   */
  public static DeploymentRecord record(
      Map<String, AttributeValue> item, String id, DeploymentState state) {
    Map<String, String> variables = new TreeMap<>();
    AttributeValue vars = item.get(VARIABLES);
    if (vars != null && vars.hasM()) {
      vars.m().forEach((k, v) -> variables.put(k, v.s()));
    }
    return new DeploymentRecord(
        id,
        target(requireString(item, TARGET)),
        CommitSha.parse(requireString(item, COMMIT)),
        ImageReference.parse(requireString(item, IMAGE)),
        variables,
        state,
        Instant.ofEpochMilli(requireNumber(item, UPDATED_AT)),
        Attributes.string(item, URL).orElse(""));
  }

  /**
   * @param text a target as {@link DeploymentTarget#toString()} writes it
   * @return the target
   */
  public static DeploymentTarget target(String text) {
    int hash = text.indexOf('#');
    EnvironmentName environment = EnvironmentName.parse(hash < 0 ? text : text.substring(0, hash));
    return hash < 0
        ? DeploymentTarget.of(environment)
        : new DeploymentTarget(environment, text.substring(hash + 1));
  }
}
