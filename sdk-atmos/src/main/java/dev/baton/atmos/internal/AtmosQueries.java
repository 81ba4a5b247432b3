package dev.baton.atmos.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.BatonException;
import dev.baton.ConfigurationException;
import dev.baton.DeploymentTarget;
import dev.baton.ProviderException;
import dev.baton.StackName;
import dev.baton.atmos.ComponentDescription;
import dev.baton.spi.Progress;
import dev.baton.spi.StackOutputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only atmos calls: {@code terraform output} and {@code describe component}, and the
 * {@code !env} check built on describe. Their stdout is data, not progress: it is parsed, never
 * streamed to the log or the progress sink (a sensitive output or an {@code env:} value must not
 * end up there); only stderr (atmos's logs) is logged, at DEBUG. Thread-safe.
 */
public final class AtmosQueries {
  private static final Logger LOG = LoggerFactory.getLogger("dev.baton.atmos.AtmosStackDeployer");
  private static final Logger OUTPUT = LoggerFactory.getLogger("dev.baton.atmos.output");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AtmosInvoker atmos;
  private final String component;
  private final String imageVariable;
  private final String urlOutput;

  /**
   * @param atmos runs atmos
   * @param component the Atmos component
   * @param imageVariable the variable {@code !env} reads the image from
   * @param urlOutput the Terraform output that holds the environment URL
   */
  public AtmosQueries(
      AtmosInvoker atmos, String component, String imageVariable, String urlOutput) {
    this.atmos = atmos;
    this.component = component;
    this.imageVariable = imageVariable;
    this.urlOutput = urlOutput;
  }

  /**
   * {@code atmos terraform output <component> -s <stack> [--skip-init] -- -json}.
   *
   * @param target for messages
   * @param stack the stack
   * @param vars per-deploy variables (they select the workspace)
   * @param skipInit whether init already ran in this working directory (right after a deploy)
   * @return the outputs, with the {@code url} output taken from the configured output name
   */
  public StackOutputs outputs(
      DeploymentTarget target, StackName stack, Map<String, String> vars, boolean skipInit) {
    List<String> args =
        new ArrayList<>(List.of("terraform", "output", component, "-s", stack.value()));
    if (skipInit) {
      args.add("--skip-init");
    }
    ProcessRunner.Result r = atmos.run(args, List.of("-json"), vars, "for " + target, quiet(stack));
    String what = "atmos terraform output " + component + " -s " + stack + " for " + target;
    if (r.exitCode() != 0) {
      throw ProviderException.retryable(
          what + " failed (exit status " + r.exitCode() + ")" + tailText(r.tail()),
          FailureHints.forOutput(r.tail()),
          null);
    }
    TerraformOutputs.Parsed parsed =
        TerraformOutputs.parse(MAPPER, r.stdout())
            .orElseThrow(
                () ->
                    ProviderException.permanent(
                        what
                            + " printed no JSON outputs on stdout ("
                            + r.stdout().size()
                            + " lines"
                            + (r.truncated() ? ", truncated at the output cap" : "")
                            + ")",
                        r.truncated()
                            ? "raise AtmosStackDeployer.builder().outputCap(...)"
                            : "check that atmos passes -json through to terraform output",
                        null));
    if (!parsed.sensitive().isEmpty()) {
      LOG.debug("left out sensitive outputs {} of stack {}", parsed.sensitive(), stack);
    }
    Map<String, String> values = new HashMap<>(parsed.values());
    if (!urlOutput.equals(StackOutputs.URL) && values.containsKey(urlOutput)) {
      values.put(StackOutputs.URL, values.get(urlOutput));
    }
    return new StackOutputs(values);
  }

  /**
   * {@code atmos describe component <component> -s <stack> --format json --provenance=false} with
   * {@code ATMOS_DESCRIBE_COMPONENT_FILTER=full}: since edition 2026-07-17 the default "schema"
   * filter drops {@code workspace}, {@code atmos_stack} and {@code command}, and since 2026-07-16
   * provenance metadata is on by default.
   *
   * @param stack the stack
   * @param env per-call variables
   * @return the description
   * @throws ProviderException if atmos fails, prints no JSON, or leaves a value (computed)
   */
  public ComponentDescription describe(StackName stack, Map<String, String> env) {
    Map<String, String> e = new TreeMap<>(env);
    e.put("ATMOS_DESCRIBE_COMPONENT_FILTER", "full");
    ProcessRunner.Result r =
        atmos.run(
            List.of(
                "describe",
                "component",
                component,
                "-s",
                stack.value(),
                "--format",
                "json",
                "--provenance=false"),
            List.of(),
            e,
            "",
            quiet(stack));
    String what = "atmos describe component " + component + " -s " + stack;
    if (r.exitCode() != 0) {
      throw ProviderException.permanent(
          what + " failed (exit status " + r.exitCode() + ")" + tailText(r.tail()),
          FailureHints.forOutput(r.tail()),
          null);
    }
    return DescribeParser.parse(MAPPER, r.stdout(), stack, component, what);
  }

  /**
   * The check before a deploy: describes the component with the pinned image in the image variable
   * and warns (log and progress) when the stack's {@code env:} section sets that variable, or when
   * the resolved images do not include the pinned one. A failure to describe only costs the check;
   * it is logged and the deploy goes ahead. With {@code refuse}, both the warning and a failure to
   * describe become a {@link ConfigurationException} instead.
   *
   * @param stack the stack
   * @param vars per-deploy variables
   * @param image the pinned image
   * @param progress where the warning also goes
   * @param refuse whether to refuse the deploy rather than warn
   */
  public void checkImageVariable(
      StackName stack, Map<String, String> vars, String image, Progress progress, boolean refuse) {
    ComponentDescription d;
    try {
      Map<String, String> env = new TreeMap<>(vars);
      env.put(imageVariable, image);
      d = describe(stack, env);
    } catch (BatonException e) {
      if (refuse) {
        throw new ConfigurationException(
            "refusing to deploy to stack "
                + stack
                + ": component "
                + component
                + " could not be described to check that it takes the pinned image from "
                + imageVariable
                + ": "
                + e.getMessage(),
            "fix the describe error, or use"
                + " ImageVariableCheck.WARN to deploy without the check",
            e);
      }
      LOG.warn(
          "could not check whether stack {} overrides {} (deploying anyway): {}",
          stack,
          imageVariable,
          e.getMessage());
      return;
    }
    String warning = null;
    if (d.definesEnvironment(imageVariable)) {
      warning = shadowWarning(stack, image, d);
    } else if (!d.images().isEmpty() && !d.images().containsValue(image)) {
      warning =
          "component "
              + component
              + " in stack "
              + stack
              + " resolves its images to "
              + d.images()
              + ", not to the pinned image "
              + image
              + ": check that its image reads"
              + " !env "
              + imageVariable;
    }
    if (warning != null && refuse) {
      throw new ConfigurationException(
          "refusing to deploy: " + atmos.redactor().redact(warning),
          "make the component read its image with !env "
              + imageVariable
              + " and nothing set it"
              + " in the stack's env: section");
    }
    if (warning != null) {
      String redacted = atmos.redactor().redact(warning);
      LOG.warn(redacted);
      progress.line("WARNING: " + redacted);
    }
  }

  /**
   * The warning for an image variable set in the stack's {@code env:} section.
   *
   * @param stack the stack
   * @param image the pinned image, or null when describing without one
   * @param d the description
   * @return the warning text, redacted
   */
  public String shadowWarning(StackName stack, String image, ComponentDescription d) {
    return atmos
        .redactor()
        .redact(
            "stack "
                + stack
                + " sets "
                + imageVariable
                + " in the env: section of component "
                + component
                + "; atmos's !env reads that section"
                + " before the process environment, so "
                + (image == null ? "the image the deployer passes" : "the pinned image " + image)
                + " is ignored"
                + (d.images().isEmpty() ? "" : " and " + d.images() + " is deployed")
                + ". Remove "
                + imageVariable
                + " from the stack's env: section");
  }

  /** Only stderr (atmos's logs) is logged; stdout is data. */
  private static ProcessRunner.LineListener quiet(StackName stack) {
    return (stream, line) -> {
      if (stream == ProcessRunner.Stream.STDERR) {
        OUTPUT.debug("[{}] {}", stack, line);
      }
    };
  }

  /** The tail as a message suffix, like {@link dev.baton.DeploymentFailedException} prints it. */
  static String tailText(List<String> tail) {
    return tail.isEmpty() ? "" : "\n--- last output ---\n" + String.join("\n", tail);
  }
}
