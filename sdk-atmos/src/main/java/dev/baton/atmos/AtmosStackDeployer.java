package dev.baton.atmos;

import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.Secret;
import dev.baton.StackName;
import dev.baton.atmos.internal.AtmosInvoker;
import dev.baton.atmos.internal.AtmosOperations;
import dev.baton.atmos.internal.ProcessRunner;
import dev.baton.atmos.internal.Validation;
import dev.baton.internal.Durations;
import dev.baton.internal.TooLargeException;
import dev.baton.internal.redact.Redactor;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.Progress;
import dev.baton.spi.StackDeployer;
import dev.baton.spi.StackOutputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link StackDeployer} that runs the Atmos CLI as a child process, as Cloud Posse's reference
 * workflows do:
 *
 * <pre>
 * deploy   atmos terraform deploy  &lt;component&gt; -s &lt;stack&gt;                 APP_IMAGE=&lt;pinned&gt; PR_NUMBER=..
 * destroy  atmos terraform destroy &lt;component&gt; -s &lt;stack&gt; -auto-approve   PR_NUMBER=.. (same as the deploy)
 * outputs  atmos terraform output  &lt;component&gt; -s &lt;stack&gt; [--skip-init] -- -json
 * describe atmos describe component &lt;component&gt; -s &lt;stack&gt; --format json --provenance=false
 *          with ATMOS_DESCRIBE_COMPONENT_FILTER=full
 * </pre>
 *
 * <pre>{@code
 * StackDeployer deployer = AtmosStackDeployer.builder()
 *     .workingDirectory(Path.of("terraform"))
 *     .environment("ATMOS_PROFILE", "github")
 *     .secretEnvironment("GITHUB_TOKEN", Secret.of(token))
 *     .timeout(Duration.ofMinutes(30))
 *     .build();
 * DeployResult r = deployer.deploy(request, line -> System.out.println(line));
 * }</pre>
 *
 * <p><b>Process handling.</b> Commands are argument vectors, never shell text; the component is
 * checked, {@link StackName} checks itself, and variable values are passed as values. Stdin is
 * closed, so a prompt fails instead of hanging. Each line of stdout and stderr is ANSI-stripped,
 * redacted (the {@link Builder#secretEnvironment secret variables}, {@link Builder#redact redacted
 * secrets}, and inherited variables whose names mark them as credentials, such as {@code
 * GITHUB_TOKEN}), then passed to the {@link Progress} sink and logged at INFO on the logger {@value
 * #OUTPUT_LOGGER}. Stdout and stderr are kept apart for parsing. On timeout the whole process tree
 * is stopped (SIGTERM, then SIGKILL after the grace period) and an {@link
 * OperationTimeoutException} says so.
 *
 * <p><b>Results.</b> Exit status 0 is success; "No changes." (either Terraform form) gives {@link
 * DeployResult.Outcome#NO_CHANGES} (whose {@link DeployResult#hint() hint} says to push a new
 * commit), "Apply complete! Resources: …" gives the counts, and a success without that line is
 * {@link DeployResult#appliedWithUnknownCounts applied with unknown counts}. A non-zero exit is a
 * {@link DeploymentFailedException} carrying the last lines of output.
 *
 * <p><b>Identity and concurrency.</b> For a per-pull-request target the instance variable ({@code
 * PR_NUMBER}) is added from the target when the request lacks it, and a contradicting value is
 * refused, so a destroy always reaches the workspace its deploy created (invariant 5). The image
 * and instance variables are removed from the inherited environment. Deploys and destroys of the
 * same stack, component and variables run one at a time; others run in parallel. Instances are
 * immutable and safe for concurrent use.
 *
 * <p><b>{@code !env} check.</b> Before each deploy (unless turned off) the component is described;
 * if the stack's {@code env:} section sets the image variable, atmos's {@code !env} would read that
 * instead of the pinned image, and a warning is logged and sent to the progress sink; with {@link
 * ImageVariableCheck#FAIL} the deploy is refused instead.
 */
public final class AtmosStackDeployer implements StackDeployer {
  /** The logger that receives every line atmos prints during deploys and destroys. */
  public static final String OUTPUT_LOGGER = "dev.baton.atmos.output";

  private final AtmosOperations operations;
  private final String component;
  private final String imageVariable;

  private AtmosStackDeployer(Builder b) {
    this.component = b.component;
    this.imageVariable = b.imageVariable;
    List<Secret> secrets = new ArrayList<>(b.redact);
    Map<String, String> env = new HashMap<>(b.environment);
    b.secretEnvironment.forEach(
        (k, v) -> {
          env.put(k, v.reveal());
          secrets.add(v);
        });
    AtmosInvoker atmos =
        new AtmosInvoker(
            new ProcessRunner.Spec(
                List.of(b.binary),
                b.workingDirectory,
                env,
                Set.of(b.imageVariable, b.instanceVariable),
                b.timeout,
                b.gracePeriod,
                b.outputCap,
                b.tailLines,
                Redactor.of(secrets),
                "atmos"),
            b.flags);
    this.operations =
        new AtmosOperations(
            atmos,
            b.component,
            b.imageVariable,
            b.instanceVariable,
            b.urlOutput,
            b.deployFlags,
            b.destroyFlags,
            b.imageVariableCheck);
  }

  /**
   * A builder with the reference defaults: {@code atmos} on PATH, component {@code app}, image
   * variable {@code APP_IMAGE}, instance variable {@code PR_NUMBER}, 30 minute timeout.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeployResult deploy(DeployRequest request, Progress progress) {
    return operations.deploy(request, progress);
  }

  @Override
  public DestroyResult destroy(DestroyRequest request, Progress progress) {
    return operations.destroy(request, progress);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs {@code terraform init} first (no {@code --skip-init}), since this may be the first
   * atmos call in this working directory; outputs read right after a deploy skip it.
   */
  @Override
  public StackOutputs outputs(
      DeploymentTarget target, StackName stack, Map<String, String> variables) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stack, "stack");
    return operations.outputs(target, stack, variables);
  }

  /**
   * Describes the component in a stack with no per-deploy variables.
   *
   * @param stack the stack
   * @return the description
   * @throws ProviderException if atmos fails, prints no JSON, or leaves a value {@code (computed)}
   */
  public ComponentDescription describe(StackName stack) {
    return describe(stack, Map.of());
  }

  /**
   * Describes the component in a stack, with per-deploy variables (such as {@code PR_NUMBER}, which
   * selects a preview's workspace). Logs a warning when the stack's {@code env:} section sets the
   * image variable.
   *
   * @param stack the stack
   * @param variables per-deploy variables
   * @return the description
   * @throws ProviderException if atmos fails, prints no JSON, or leaves a value {@code (computed)}
   */
  public ComponentDescription describe(StackName stack, Map<String, String> variables) {
    return operations.describe(stack, variables);
  }

  @Override
  public String toString() {
    return "AtmosStackDeployer[component=" + component + ", imageVariable=" + imageVariable + "]";
  }

  /**
   * Configures an {@link AtmosStackDeployer}. Every setting has a default taken from the reference
   * workflows; {@link #build()} copies, so a builder may be reused. Not thread-safe.
   */
  public static final class Builder {
    private String binary = "atmos";
    private Path workingDirectory;
    private String component = "app";
    private String imageVariable = "APP_IMAGE";
    private String instanceVariable = "PR_NUMBER";
    private String urlOutput = StackOutputs.URL;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, Secret> secretEnvironment = new LinkedHashMap<>();
    private final List<Secret> redact = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> deployFlags = new ArrayList<>();
    private final List<String> destroyFlags = new ArrayList<>();
    private Duration timeout = Duration.ofMinutes(30);
    private Duration gracePeriod = Duration.ofSeconds(10);
    private long outputCap = 4L * 1024 * 1024;
    private int tailLines = 40;
    private ImageVariableCheck imageVariableCheck = ImageVariableCheck.WARN;

    private Builder() {}

    /**
     * @param binary the atmos program: a name looked up on PATH, or a path; default {@code atmos}
     * @return this
     */
    public Builder binary(String binary) {
      Objects.requireNonNull(binary, "binary");
      if (binary.isBlank() || binary.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid atmos binary \"" + binary + "\"");
      }
      this.binary = binary;
      return this;
    }

    /**
     * @param binary the atmos executable
     * @return this
     */
    public Builder binary(Path binary) {
      return binary(binary.toString());
    }

    /**
     * @param directory where atmos runs (it finds {@code atmos.yaml} there); default the JVM's
     *     working directory
     * @return this
     */
    public Builder workingDirectory(Path directory) {
      this.workingDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * @param component the Atmos component to deploy; default {@code app}
     * @return this
     */
    public Builder component(String component) {
      this.component = Validation.component(component);
      return this;
    }

    /**
     * @param name the variable the component's {@code image: !env NAME} reads; default {@code
     *     APP_IMAGE}. A variable the atmos process needs ({@code PATH}, {@code HOME}, {@code USER},
     *     {@code LOGNAME}, {@code SHELL}, {@code TMPDIR}, {@code LANG}, {@code LC_ALL}) or one that
     *     configures atmos or Terraform ({@code ATMOS_*}, {@code TF_*} other than {@code TF_VAR_*})
     *     is refused.
     * @return this
     * @throws IllegalArgumentException naming the variable when it is not a valid name or is
     *     reserved, and why
     */
    public Builder imageVariable(String name) {
      this.imageVariable = Validation.perCallVariableName("image variable", name);
      return this;
    }

    /**
     * @param name the variable that carries a per-pull-request target's instance (the stack's
     *     workspace template reads it); default {@code PR_NUMBER}. Reserved names are refused as
     *     for {@link #imageVariable(String)}.
     * @return this
     * @throws IllegalArgumentException naming the variable when it is not a valid name or is
     *     reserved, and why
     */
    public Builder instanceVariable(String name) {
      this.instanceVariable = Validation.perCallVariableName("instance variable", name);
      return this;
    }

    /**
     * @param name the Terraform output that holds the environment URL; default {@code url}. Its
     *     value is also returned as the {@code url} output.
     * @return this
     */
    public Builder urlOutput(String name) {
      this.urlOutput = Validation.variableName("URL output", name);
      return this;
    }

    /**
     * Sets a variable for every atmos call, e.g. {@code ATMOS_PROFILE=github}.
     *
     * @param name the variable
     * @param value its value, passed as it is
     * @return this
     */
    public Builder environment(String name, String value) {
      Validation.variableName("environment variable", name);
      environment.put(name, Validation.value("environment variable", name, value));
      secretEnvironment.remove(name);
      return this;
    }

    /**
     * Sets a credential variable for every atmos call, e.g. {@code GITHUB_TOKEN}. Its value is
     * redacted from everything streamed, logged, captured or thrown.
     *
     * @param name the variable
     * @param value the credential
     * @return this
     */
    public Builder secretEnvironment(String name, Secret value) {
      Validation.variableName("environment variable", name);
      Validation.value("environment variable", name, value.reveal());
      secretEnvironment.put(name, value);
      environment.remove(name);
      return this;
    }

    /**
     * Redacts a credential that atmos gets some other way (an inherited variable, a file) from
     * everything streamed, logged, captured or thrown. Inherited variables whose names contain
     * TOKEN, SECRET, PASSWORD, CREDENTIAL, API_KEY or PRIVATE_KEY are redacted without this.
     *
     * @param secrets the credentials
     * @return this
     */
    public Builder redact(Secret... secrets) {
      for (Secret s : secrets) {
        redact.add(Objects.requireNonNull(s, "secret"));
      }
      return this;
    }

    /**
     * Adds flags to every atmos command, e.g. {@code --identity=plat-dev/terraform} or {@code
     * --logs-level=Warning}.
     *
     * @param flags one argument each
     * @return this
     */
    public Builder flags(String... flags) {
      for (String f : flags) {
        this.flags.add(Validation.flag(f));
      }
      return this;
    }

    /**
     * Adds flags to {@code atmos terraform deploy}, e.g. {@code -lock-timeout=5m} or {@code
     * --deploy-run-init=false}.
     *
     * @param flags one argument each
     * @return this
     */
    public Builder deployFlags(String... flags) {
      for (String f : flags) {
        deployFlags.add(Validation.flag(f));
      }
      return this;
    }

    /**
     * Adds flags to {@code atmos terraform destroy} ({@code -auto-approve} is always there).
     *
     * @param flags one argument each
     * @return this
     */
    public Builder destroyFlags(String... flags) {
      for (String f : flags) {
        destroyFlags.add(Validation.flag(f));
      }
      return this;
    }

    /**
     * @param timeout how long one atmos call may run (and a call may wait for another on the same
     *     workspace); default 30 minutes
     * @return this
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Durations.positive(timeout, "timeout");
      return this;
    }

    /**
     * @param grace how long a timed-out atmos (and Terraform under it) gets to stop after SIGTERM
     *     before SIGKILL; default 10 seconds. Terraform uses it to release its state lock.
     * @return this
     */
    public Builder gracePeriod(Duration grace) {
      this.gracePeriod = Durations.nonNegative(grace, "gracePeriod");
      return this;
    }

    /**
     * @param bytes the most output kept from one call for parsing; default 4 MiB. Longer output is
     *     still streamed, and the apply verdict is still found.
     * @return this
     */
    public Builder outputCap(long bytes) {
      this.outputCap = TooLargeException.requireLimit(bytes, "outputCap");
      return this;
    }

    /**
     * @param lines how many last lines of output a failure carries; default 40
     * @return this
     */
    public Builder tailLines(int lines) {
      if (lines < 0 || lines > 10_000) {
        throw new IllegalArgumentException("tail lines must be 0 to 10000, got " + lines);
      }
      this.tailLines = lines;
      return this;
    }

    /**
     * @param check whether each deploy first describes the component to warn when the stack's
     *     {@code env:} section overrides the image variable; default true ({@link
     *     ImageVariableCheck#WARN}); false is {@link ImageVariableCheck#OFF}
     * @return this
     */
    public Builder checkImageVariable(boolean check) {
      return imageVariableCheck(check ? ImageVariableCheck.WARN : ImageVariableCheck.OFF);
    }

    /**
     * @param check off, warn (the default) or fail when the stack's {@code env:} section would make
     *     atmos ignore the pinned image
     * @return this
     */
    public Builder imageVariableCheck(ImageVariableCheck check) {
      this.imageVariableCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * @return the deployer
     * @throws IllegalArgumentException if the image and instance variables are the same, or a fixed
     *     environment variable is one of them
     */
    public AtmosStackDeployer build() {
      if (imageVariable.equals(instanceVariable)) {
        throw new IllegalArgumentException(
            "the image variable and the instance variable are both "
                + imageVariable
                + "; they must differ");
      }
      for (String name : List.of(imageVariable, instanceVariable)) {
        if (environment.containsKey(name) || secretEnvironment.containsKey(name)) {
          throw new IllegalArgumentException(
              "environment variable "
                  + name
                  + " is set per deploy"
                  + " by the deployer and cannot be fixed in the builder");
        }
      }
      return new AtmosStackDeployer(this);
    }
  }
}
