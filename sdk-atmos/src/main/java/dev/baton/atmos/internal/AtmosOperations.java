package dev.baton.atmos.internal;

import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.OperationCancelledException;
import dev.baton.OperationTimeoutException;
import dev.baton.StackName;
import dev.baton.atmos.ComponentDescription;
import dev.baton.atmos.ImageVariableCheck;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.Progress;
import dev.baton.spi.StackOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link dev.baton.atmos.AtmosStackDeployer} does: deploy and destroy (serialised per
 * workspace, streamed, parsed), outputs and describe, and the per-deploy variables that pick the
 * workspace. Immutable apart from the lock table; thread-safe.
 */
public final class AtmosOperations {
  private static final Logger LOG = LoggerFactory.getLogger("dev.baton.atmos.AtmosStackDeployer");
  private static final Logger OUTPUT = LoggerFactory.getLogger("dev.baton.atmos.output");

  private final AtmosInvoker atmos;
  private final AtmosQueries queries;
  private final String component;
  private final String imageVariable;
  private final String instanceVariable;
  private final List<String> deployFlags;
  private final List<String> destroyFlags;
  private final ImageVariableCheck imageVariableCheck;
  private final KeyedLocks locks = new KeyedLocks();

  /**
   * @param atmos runs atmos
   * @param component the Atmos component
   * @param imageVariable the variable the pinned image goes in
   * @param instanceVariable the variable a per-pull-request target's instance goes in
   * @param urlOutput the output that holds the URL
   * @param deployFlags extra flags for deploy
   * @param destroyFlags extra flags for destroy
   * @param imageVariableCheck what the {@code !env} check before each deploy does
   */
  public AtmosOperations(
      AtmosInvoker atmos,
      String component,
      String imageVariable,
      String instanceVariable,
      String urlOutput,
      List<String> deployFlags,
      List<String> destroyFlags,
      ImageVariableCheck imageVariableCheck) {
    this.atmos = atmos;
    this.queries = new AtmosQueries(atmos, component, imageVariable, urlOutput);
    this.component = component;
    this.imageVariable = imageVariable;
    this.instanceVariable = instanceVariable;
    this.deployFlags = List.copyOf(deployFlags);
    this.destroyFlags = List.copyOf(destroyFlags);
    this.imageVariableCheck = imageVariableCheck;
  }

  /**
   * @param request what to deploy
   * @param progress receives each line
   * @return the result
   */
  public DeployResult deploy(DeployRequest request, Progress progress) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(progress, "progress");
    Map<String, String> vars = variables(request.target(), request.variables());
    String image = request.image().toString();
    if (imageVariableCheck != ImageVariableCheck.OFF) {
      queries.checkImageVariable(
          request.stack(), vars, image, progress, imageVariableCheck == ImageVariableCheck.FAIL);
    }
    KeyedLocks.Held held = lock(request.target(), request.stack(), vars, "deploy");
    try {
      Map<String, String> env = new TreeMap<>(vars);
      env.put(imageVariable, image);
      LOG.info(
          "deploying {} to stack {} ({}) with {}={}",
          component,
          request.stack(),
          request.target(),
          imageVariable,
          image);
      TerraformSummary summary =
          terraform("deploy", request.target(), request.stack(), deployFlags, env, progress);
      StackOutputs outputs = queries.outputs(request.target(), request.stack(), vars, true);
      DeployResult result;
      if (summary.noChanges() && sum(summary.applyCounts()) == 0) {
        result = new DeployResult(DeployResult.Outcome.NO_CHANGES, 0, 0, 0, outputs);
      } else if (!summary.applied()) {
        LOG.warn(
            "atmos terraform deploy {} -s {} exited 0 without Terraform's \"Apply"
                + " complete!\" line; reporting it as applied with unknown counts",
            component,
            request.stack());
        result = DeployResult.appliedWithUnknownCounts(outputs);
      } else {
        int[] c = summary.applyCounts();
        result = new DeployResult(DeployResult.Outcome.APPLIED, c[0], c[1], c[2], outputs);
      }
      LOG.info(
          "deployed {} to stack {} ({}): {}", component, request.stack(), request.target(), result);
      return result;
    } finally {
      held.close();
    }
  }

  /**
   * @param request what to destroy
   * @param progress receives each line
   * @return the result
   */
  public DestroyResult destroy(DestroyRequest request, Progress progress) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(progress, "progress");
    Map<String, String> vars = variables(request.target(), request.variables());
    KeyedLocks.Held held = lock(request.target(), request.stack(), vars, "destroy");
    try {
      LOG.info(
          "destroying {} in stack {} ({}) with {}",
          component,
          request.stack(),
          request.target(),
          vars);
      List<String> flags = new ArrayList<>();
      flags.add("-auto-approve");
      flags.addAll(destroyFlags);
      TerraformSummary summary =
          terraform("destroy", request.target(), request.stack(), flags, vars, progress);
      if (!summary.destroyCompleted()) {
        LOG.warn(
            "atmos terraform destroy {} -s {} exited 0 without Terraform's \"Destroy"
                + " complete!\" line",
            component,
            request.stack());
      }
      int n = summary.destroyedCount();
      DestroyResult result;
      if (!summary.destroyCompleted()) {
        result = DestroyResult.destroyedWithUnknownCount();
      } else if (n > 0) {
        result = new DestroyResult(DestroyResult.Outcome.DESTROYED, n);
      } else {
        result = new DestroyResult(DestroyResult.Outcome.NOTHING_TO_DESTROY, 0);
      }
      LOG.info(
          "destroyed {} in stack {} ({}): {}",
          component,
          request.stack(),
          request.target(),
          result.describe());
      return result;
    } finally {
      held.close();
    }
  }

  /**
   * @param target the target
   * @param stack the stack
   * @param variables per-deploy variables
   * @return the outputs, read after an init
   */
  public StackOutputs outputs(
      DeploymentTarget target, StackName stack, Map<String, String> variables) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stack, "stack");
    return queries.outputs(target, stack, variables(target, variables), false);
  }

  /**
   * @param stack the stack
   * @param variables per-deploy variables
   * @return the description; a warning is logged when the stack's env: sets the image variable
   */
  public ComponentDescription describe(StackName stack, Map<String, String> variables) {
    Objects.requireNonNull(stack, "stack");
    ComponentDescription d = queries.describe(stack, checked(variables));
    if (d.definesEnvironment(imageVariable)) {
      LOG.warn(queries.shadowWarning(stack, null, d));
    }
    return d;
  }

  /**
   * Runs {@code atmos terraform <command>} (a deploy or a destroy), its lines going to the summary
   * parser, the log and the progress sink; a non-zero exit status is a {@link
   * DeploymentFailedException}.
   *
   * @return what the output said was done
   */
  private TerraformSummary terraform(
      String command,
      DeploymentTarget target,
      StackName stack,
      List<String> flags,
      Map<String, String> env,
      Progress progress) {
    TerraformSummary summary = new TerraformSummary();
    ProcessRunner.Result r =
        atmos.run(
            args("terraform", command, stack, flags),
            List.of(),
            env,
            "for " + target,
            (stream, line) -> {
              if (stream == ProcessRunner.Stream.STDOUT) {
                summary.accept(line);
              }
              OUTPUT.info("[{}] {}", target, line);
              progress.line(line);
            });
    if (r.exitCode() != 0) {
      throw failed(command, target, stack, r);
    }
    return summary;
  }

  private List<String> args(String group, String command, StackName stack, List<String> flags) {
    List<String> a = new ArrayList<>(List.of(group, command, component, "-s", stack.value()));
    a.addAll(flags);
    return a;
  }

  /**
   * The per-deploy variables, checked, with the target's instance added as {@code PR_NUMBER} when
   * missing; a contradicting value is refused.
   */
  private Map<String, String> variables(DeploymentTarget target, Map<String, String> given) {
    Map<String, String> vars = checked(given);
    if (target.isPerPullRequest()) {
      String value = vars.get(instanceVariable);
      if (value == null) {
        vars.put(instanceVariable, target.instance());
      } else if (!value.equals(target.instance())) {
        throw new IllegalArgumentException(
            "variable "
                + instanceVariable
                + "="
                + value
                + " contradicts target "
                + target
                + "; it selects the workspace, so it must be "
                + target.instance()
                + " or left out");
      }
    }
    return vars;
  }

  private Map<String, String> checked(Map<String, String> given) {
    Map<String, String> vars = new TreeMap<>();
    given.forEach(
        (k, v) -> {
          Validation.variableName("per-deploy variable", k);
          if (k.equals(imageVariable)) {
            throw new IllegalArgumentException(
                "per-deploy variable "
                    + k
                    + " is the image variable;"
                    + " the deployer sets it from the request's pinned image");
          }
          vars.put(k, Validation.value("per-deploy variable", k, v));
        });
    return vars;
  }

  private KeyedLocks.Held lock(
      DeploymentTarget target, StackName stack, Map<String, String> vars, String operation) {
    String key = stack.value() + '\0' + component + '\0' + vars;
    try {
      KeyedLocks.Held held = locks.acquire(key, atmos.timeout());
      if (held == null) {
        throw new OperationTimeoutException(
            "the "
                + operation
                + " of "
                + component
                + " in stack "
                + stack
                + " ("
                + target
                + ") waited for another deploy or destroy of the same"
                + " workspace to finish, and it did not",
            FailureHints.WORKSPACE_BUSY,
            atmos.timeout(),
            null);
      }
      return held;
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted(
          "waiting to " + operation + " " + component + " in stack " + stack + " (" + target + ")",
          e);
    }
  }

  private DeploymentFailedException failed(
      String operation, DeploymentTarget target, StackName stack, ProcessRunner.Result r) {
    return new DeploymentFailedException(
        "atmos terraform "
            + operation
            + " "
            + component
            + " -s "
            + stack
            + " failed for "
            + target
            + " (exit status "
            + r.exitCode()
            + ")",
        FailureHints.forOutput(r.tail()),
        r.tail(),
        null);
  }

  private static int sum(int[] counts) {
    return counts[0] + counts[1] + counts[2];
  }
}
