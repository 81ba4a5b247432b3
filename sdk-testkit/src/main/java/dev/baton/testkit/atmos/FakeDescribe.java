package dev.baton.testkit.atmos;

import dev.baton.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code atmos describe component <component> -s <stack>}: the component's merged sections, shaped
 * as atmos documents them, with the edition-dependent behaviour a caller has to handle: the
 * "schema" filter that drops {@code workspace}, {@code atmos_stack}, {@code command} and {@code
 * component_info} unless {@code ATMOS_DESCRIBE_COMPONENT_FILTER=full}; {@code __atmos_provenance}
 * metadata unless {@code --provenance=false}; and, when configured, {@code (computed)} in place of
 * a YAML function that could not be resolved (error mode "warn").
 */
final class FakeDescribe {
  /** The sections the "schema" filter keeps. */
  private static final Set<String> SCHEMA =
      Set.of(
          "vars",
          "settings",
          "env",
          "backend",
          "metadata",
          "overrides",
          "providers",
          "imports",
          "dependencies",
          "component",
          "hooks");

  private final FakeAtmosRun run;

  FakeDescribe(FakeAtmosRun run) {
    this.run = run;
  }

  int run() {
    FakeCommandLine cli = run.cli;
    if (!cli.positional(1).equals(Optional.of("component"))) {
      return run.atmosError(
          "unknown command \"" + cli.positional(1).orElse("") + "\" for \"atmos describe\"");
    }
    Optional<String> comp = cli.positional(2);
    if (comp.isEmpty()) {
      return run.atmosError("\"atmos describe component\" requires a component argument");
    }
    if (cli.stack == null || cli.stack.isEmpty()) {
      return run.atmosError(
          "`stack` is required; specify it on the command line using the flag"
              + " `--stack <stack>` (shorthand `-s`)");
    }
    if (cli.query != null) {
      return run.atmosError("the fake atmos does not evaluate --query expressions");
    }
    String stack = cli.stack;
    String component = comp.get();
    Optional<String> missing = run.findComponent(component, stack);
    if (missing.isPresent()) {
      return run.atmosError(missing.get());
    }
    Optional<String[]> script = run.scripted("describe");
    if (script.isPresent() && script.get()[0].equals("hang")) {
      return run.hang();
    }
    if (script.isPresent()) {
      return run.atmosError(run.expand(script.get()[1]));
    }
    boolean unresolved = Boolean.parseBoolean(run.configValue("unresolvedFunctions", "false"));
    if (unresolved) {
      run.err.println(
          "WARN Failed to resolve YAML function; using '(computed)'"
              + " function='!terraform.state vpc vpc_id' error='no credentials'");
    }
    Map<String, Object> all = describe(stack, component, unresolved);
    Map<String, Object> shown = new LinkedHashMap<>();
    boolean full = "full".equals(run.env.get("ATMOS_DESCRIBE_COMPONENT_FILTER"));
    all.forEach(
        (k, v) -> {
          if (full || SCHEMA.contains(k)) {
            shown.put(k, v);
          }
        });
    if (cli.provenance) {
      shown.put(
          "__atmos_provenance",
          Map.of(
              "vars.stage", Map.of("file", "stacks/" + stack + ".yaml", "line", 4, "depth", 0),
              "vars.containers",
                  Map.of("file", "stacks/catalog/app.yaml", "line", 12, "depth", 1)));
    }
    String format = cli.format == null ? "yaml" : cli.format;
    if (format.equals("json")) {
      run.out.println(Json.writeIndented(shown));
    } else if (format.equals("yaml")) {
      run.out.print(FakeYaml.yaml(shown));
    } else {
      return run.atmosError(
          "invalid '--format' flag '" + format + "'. Valid values are 'yaml' (default) and 'json'");
    }
    return 0;
  }

  private Map<String, Object> describe(String stack, String component, boolean unresolved) {
    String workspace = run.workspace(stack, component);
    boolean perPr = run.perPullRequest(stack);
    String terraformComponent =
        run.configValue("component." + component + ".terraform", "ecs-service");
    String command = run.configValue("command", "terraform");

    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", component);
    container.put("image", run.resolveImage(stack));
    container.put("port", 8080);
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("namespace", "acme");
    vars.put("stage", stack);
    vars.put("region", "us-east-2");
    vars.put("name", component);
    vars.put("github_repo_name", run.configValue("repoName", "atmos-native-ci"));
    vars.put("attributes", perPr ? List.of(run.pullRequestNumber()) : List.of());
    vars.put("containers", Map.of(component, container));
    vars.put("vpc_id", unresolved ? "(computed)" : "vpc-0a1b2c3d4e5f60718");

    Map<String, Object> backend = new LinkedHashMap<>();
    backend.put("bucket", "acme-tfstate");
    backend.put("key", "terraform.tfstate");
    backend.put("region", "us-east-2");
    backend.put("encrypt", true);
    backend.put("workspace_key_prefix", terraformComponent);

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("component", terraformComponent);
    metadata.put("terraform_workspace", workspace);

    Map<String, Object> d = new LinkedHashMap<>();
    d.put("atmos_component", component);
    d.put("atmos_stack", stack);
    d.put("atmos_stack_file", stack);
    d.put("atmos_manifest", stack);
    d.put("stack", stack);
    d.put("component", terraformComponent);
    d.put("component_type", "terraform");
    d.put("command", command);
    d.put("workspace", workspace);
    d.put(
        "component_info",
        Map.of(
            "component_path",
            "components/terraform/" + terraformComponent,
            "component_type",
            "terraform"));
    d.put("vars", vars);
    d.put("env", new LinkedHashMap<>(run.stackEnvironment(stack)));
    d.put("settings", Map.of("github", Map.of("actions_enabled", true)));
    d.put("metadata", metadata);
    d.put("overrides", Map.of());
    d.put("providers", Map.of());
    d.put("hooks", Map.of());
    d.put("backend_type", "s3");
    d.put("backend", backend);
    d.put("imports", List.of("catalog/app", stack));
    d.put("dependencies", Map.of());
    return d;
  }
}
