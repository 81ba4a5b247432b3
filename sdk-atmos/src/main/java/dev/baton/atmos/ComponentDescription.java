package dev.baton.atmos;

import dev.baton.StackName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code atmos describe component <component> -s <stack>} says about a component, reduced to
 * the fields a delivery pipeline uses (the sections atmos documents). Values that atmos could not
 * resolve ({@code (computed)}) never get here: describing fails instead.
 *
 * <pre>{@code
 * ComponentDescription d = deployer.describe(StackName.parse("dev"));
 * d.workspace();                 // "atmos-native-ci-dev-app"
 * d.image("app");                // Optional["ghcr.io/acme/app:sha-...@sha256:..."]
 * d.definesEnvironment("APP_IMAGE");   // true would mean !env ignores the pinned image
 * }</pre>
 *
 * @param component the Atmos component ({@code atmos_component}), e.g. {@code app}
 * @param stack the stack ({@code atmos_stack})
 * @param terraformComponent the Terraform root module it runs ({@code component}), e.g. {@code
 *     ecs-service}
 * @param workspace the Terraform workspace ({@code workspace}); empty if atmos did not report it
 * @param command the executable, {@code terraform} or {@code tofu}; empty if not reported
 * @param vars the merged variables passed to Terraform ({@code vars}), as plain Java values
 * @param env the component's stack {@code env:} section
 * @param backendType the backend type, e.g. {@code s3}; empty if none
 * @param backend the backend configuration
 */
public record ComponentDescription(
    String component,
    StackName stack,
    String terraformComponent,
    String workspace,
    String command,
    Map<String, Object> vars,
    Map<String, String> env,
    String backendType,
    Map<String, Object> backend) {

  /**
   * Checks and copies the values.
   *
   * @param component the Atmos component
   * @param stack the stack
   * @param terraformComponent the Terraform root module
   * @param workspace the workspace, or empty
   * @param command the executable, or empty
   * @param vars the merged variables
   * @param env the stack's {@code env:} section
   * @param backendType the backend type, or empty
   * @param backend the backend configuration
   */
  public ComponentDescription {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(terraformComponent, "terraformComponent");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(backendType, "backendType");
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    env = Map.copyOf(env);
    backend = Collections.unmodifiableMap(new LinkedHashMap<>(backend));
  }

  /**
   * The image each container runs, from {@code vars.containers.<name>.image} as the reference
   * component declares them (after atmos resolved {@code !env}).
   *
   * @return container name to image; containers without a string image are left out
   */
  public Map<String, String> images() {
    Map<String, String> out = new LinkedHashMap<>();
    if (vars.get("containers") instanceof Map<?, ?> containers) {
      containers.forEach(
          (name, c) -> {
            if (c instanceof Map<?, ?> container
                && container.get("image") instanceof String image) {
              out.put(String.valueOf(name), image);
            }
          });
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * @param container a container name, e.g. {@code app}
   * @return the image it runs, if the description has one
   */
  public Optional<String> image(String container) {
    return Optional.ofNullable(images().get(container));
  }

  /**
   * Whether the stack's {@code env:} section sets {@code name}. For the image variable this is a
   * problem: {@code !env} reads that section before the process environment, so the image the
   * deployer passes would be ignored.
   *
   * @param name a variable name, e.g. {@code APP_IMAGE}
   * @return whether the section sets it
   */
  public boolean definesEnvironment(String name) {
    return env.containsKey(name);
  }

  /**
   * The stage.
   *
   * @return {@code vars.stage}, when present
   */
  public Optional<String> stage() {
    return vars.get("stage") instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /**
   * Names the component, stack and workspace; values of {@code env} are left out (secrets).
   *
   * @return a summary
   */
  @Override
  public String toString() {
    return "ComponentDescription["
        + component
        + " in "
        + stack
        + ", terraform component "
        + terraformComponent
        + ", workspace "
        + (workspace.isEmpty() ? "(not reported)" : workspace)
        + ", images "
        + images()
        + ", env names "
        + new java.util.TreeSet<>(env.keySet())
        + "]";
  }
}
