package dev.baton.testkit.atmos;

import dev.baton.internal.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code atmos terraform <subcommand>}: init, workspace selection, plan, apply, destroy and output,
 * printing what Terraform prints for a small ECS service (task definition, service, listener rule).
 * Texts follow Terraform 1.x, down to the lines callers match on.
 */
final class FakeTerraform {
  /** The three resources the fake component manages. */
  private static final List<String> RESOURCES =
      List.of(
          "module.ecs_service.aws_ecs_task_definition.default[0]",
          "module.ecs_service.aws_ecs_service.default[0]",
          "module.alb_ingress.aws_lb_listener_rule.default[0]");

  private final FakeAtmosRun run;
  private final PrintStream out;
  private String stack;
  private String component;
  private String workspace;

  FakeTerraform(FakeAtmosRun run) {
    this.run = run;
    this.out = run.out;
  }

  int run() {
    FakeCommandLine cli = run.cli;
    Optional<String> sub = cli.positional(1);
    if (sub.isEmpty()) {
      return run.atmosError("\"atmos terraform\" requires a subcommand, such as deploy or destroy");
    }
    Optional<String> comp = cli.positional(2);
    if (comp.isEmpty()) {
      return run.atmosError("\"atmos terraform " + sub.get() + "\" requires a component argument");
    }
    if (cli.stack == null || cli.stack.isEmpty()) {
      return run.atmosError(
          "`stack` is required; specify it on the command line using the flag"
              + " `--stack <stack>` (shorthand `-s`)");
    }
    stack = cli.stack;
    component = comp.get();
    Optional<String> missing = run.findComponent(component, stack);
    if (missing.isPresent()) {
      return run.atmosError(missing.get());
    }
    String subcommand = sub.get();
    if (!List.of("deploy", "apply", "plan", "destroy", "output", "init", "workspace")
        .contains(subcommand)) {
      return run.terraformError(
          "Terraform has no command named \"" + subcommand + "\".",
          "To see all of Terraform's top-level commands, run:\n  terraform -help");
    }
    workspace = run.workspace(stack, component);
    run.err.println(
        "INFO Executing 'terraform "
            + subcommand
            + "' for component '"
            + component
            + "' in stack '"
            + stack
            + "'");

    String initKey = Integer.toHexString(run.cwd.toString().hashCode()) + "-" + component;
    if (!cli.skipInit || subcommand.equals("init")) {
      init();
      run.state.markInitialized(initKey);
    } else if (!run.state.initialized(initKey)) {
      return run.terraformError(
          "Backend initialization required, please run \"terraform init\"",
          "Reason: Initial configuration of the requested backend \"s3\"\n\n"
              + "The \"backend\" is the interface that Terraform uses to store state,\n"
              + "perform operations, etc. If this message is showing up, it means that the\n"
              + "Terraform configuration you're using is using a custom configuration for\n"
              + "the Terraform backend.");
    }
    selectWorkspace();

    Optional<String[]> script = run.scripted(subcommand);
    if (script.isPresent() && script.get()[0].equals("hang")) {
      return run.hang();
    }
    if (script.isPresent()) {
      if (!subcommand.equals("output")) {
        out.println(RESOURCES.get(1) + ": Modifying... [id=" + workspace + "]");
      }
      out.flush();
      String[] lines = run.expand(script.get()[1]).split("\n", 2);
      return run.terraformError(lines[0], lines.length > 1 ? lines[1] : "");
    }
    switch (subcommand) {
      case "deploy":
        return apply(true, false);
      case "apply":
        return apply(cli.autoApprove, false);
      case "plan":
        return apply(false, true);
      case "destroy":
        return destroy();
      case "output":
        return output();
      default:
        return 0;
    }
  }

  private void init() {
    out.println();
    out.println(run.color(FakeAtmosRun.BOLD, "Initializing the backend..."));
    out.println();
    out.println(run.color(FakeAtmosRun.BOLD, "Initializing provider plugins..."));
    out.println("- Reusing previous version of hashicorp/aws from the dependency lock file");
    out.println("- Using previously-installed hashicorp/aws v5.100.0");
    out.println();
    out.println(
        run.color(
            FakeAtmosRun.BOLD + FakeAtmosRun.GREEN,
            "Terraform has been successfully initialized!"));
  }

  private void selectWorkspace() {
    Properties known = run.state.workspace(workspace + ".created").orElse(null);
    if (known == null) {
      run.state.writeWorkspace(workspace + ".created", new Properties());
      out.println(
          run.color(
              FakeAtmosRun.GREEN + FakeAtmosRun.BOLD,
              "Created and switched to workspace \"" + workspace + "\"!"));
      out.println();
      out.println("You're now on a new, empty workspace. Workspaces isolate their state,");
      out.println("so if you run \"terraform plan\" Terraform will not see any existing state");
      out.println("for this configuration.");
    } else {
      out.println("Switched to workspace \"" + workspace + "\".");
    }
  }

  /** Plan, and unless {@code planOnly} apply, the image {@code !env} resolves to. */
  private int apply(boolean autoApprove, boolean planOnly) {
    String image = run.resolveImage(stack);
    if (image == null) {
      return run.terraformError(
          "No value for required variable",
          "  on variables.tf line 12:\n  12: variable \"image\" {\n\n"
              + "The root module input variable \"image\" is not set, and has no default value. Use a\n"
              + "-var or -var-file command line argument to provide a value for this variable.");
    }
    if (!run.state.lock(workspace, "OperationTypeApply")) {
      return lockError("OperationTypeApply");
    }
    try {
      out.println("Acquiring state lock. This may take a few moments...");
      run.event(planOnly ? "plan-start" : "apply-start", workspace);
      Optional<Properties> current = run.state.workspace(workspace);
      current.ifPresent(this::refresh);
      delay();
      boolean fresh = current.isEmpty();
      boolean same = current.isPresent() && image.equals(current.get().getProperty("image"));
      int added = fresh ? 3 : same ? 0 : 1;
      int changed = fresh || same ? 0 : 1;
      int destroyed = fresh || same ? 0 : 1;
      out.println();
      if (same) {
        printNoChanges(
            "Your infrastructure matches the configuration.",
            "Terraform has compared your real infrastructure against your configuration",
            "and found no differences, so no changes are needed.");
      } else {
        printPlan(image, fresh);
        out.println(
            run.color(FakeAtmosRun.BOLD, "Plan:")
                + " "
                + added
                + " to add, "
                + changed
                + " to change, "
                + destroyed
                + " to destroy.");
      }
      if (planOnly) {
        run.event("plan-end", workspace);
        boolean detailed = run.cli.terraformFlags.contains("-detailed-exitcode");
        return detailed && !same ? 2 : 0;
      }
      if (!same
          && !autoApprove
          && !confirm(
              "Do you want to perform these actions in workspace \"" + workspace + "\"?",
              "Terraform will perform the actions described above.\n  Only 'yes' will be accepted to"
                  + " approve.")) {
        out.println();
        out.println("Apply cancelled.");
        run.event("apply-end", workspace);
        return 1;
      }
      if (!same) {
        printApply(fresh);
        Properties s = current.orElseGet(Properties::new);
        int serial = Integer.parseInt(s.getProperty("serial", "0")) + 1;
        s.setProperty("image", image);
        s.setProperty("serial", Integer.toString(serial));
        s.setProperty("resources", Integer.toString(RESOURCES.size()));
        s.setProperty("url", run.url(stack, component));
        run.state.writeWorkspace(workspace, s);
      }
      if (Boolean.parseBoolean(run.configValue("applySummary", "true"))) {
        out.println();
        out.println(
            run.color(
                FakeAtmosRun.BOLD + FakeAtmosRun.GREEN,
                "Apply complete! Resources: "
                    + added
                    + " added, "
                    + changed
                    + " changed, "
                    + destroyed
                    + " destroyed."));
      }
      out.println();
      out.println(run.color(FakeAtmosRun.BOLD + FakeAtmosRun.GREEN, "Outputs:"));
      out.println();
      out.println("url = \"" + run.url(stack, component) + "\"");
      run.event("apply-end", workspace);
      return 0;
    } finally {
      run.state.unlock(workspace);
    }
  }

  private void refresh(Properties unused) {
    for (String r : RESOURCES) {
      out.println(r + ": Refreshing state... [id=" + workspace + "]");
    }
  }

  private void printPlan(String image, boolean fresh) {
    out.println("Terraform used the selected providers to generate the following execution");
    out.println("plan. Resource actions are indicated with the following symbols:");
    out.println(
        fresh
            ? "  " + run.color(FakeAtmosRun.GREEN, "+") + " create"
            : "  "
                + run.color(FakeAtmosRun.YELLOW, "~")
                + " update in-place\n"
                + run.color(FakeAtmosRun.GREEN, "+")
                + "/"
                + run.color(FakeAtmosRun.RED, "-")
                + " create replacement and then destroy");
    out.println();
    out.println("Terraform will perform the following actions:");
    out.println();
    out.println("  # " + RESOURCES.get(0) + (fresh ? " will be created" : " must be replaced"));
    out.println(
        "  " + (fresh ? "+" : "+/-") + " resource \"aws_ecs_task_definition\" \"default\" {");
    out.println("      ~ container_definitions = jsonencode([{ image = \"" + image + "\" }])");
    out.println("    }");
    out.println();
  }

  private void printApply(boolean fresh) {
    if (fresh) {
      for (String r : RESOURCES) {
        out.println(r + ": Creating...");
        out.println(r + ": Creation complete after 1s [id=" + workspace + "]");
      }
    } else {
      out.println(RESOURCES.get(0) + ": Creating...");
      out.println(RESOURCES.get(0) + ": Creation complete after 1s [id=" + workspace + "]");
      out.println(RESOURCES.get(1) + ": Modifying... [id=" + workspace + "]");
      out.println(RESOURCES.get(1) + ": Modifications complete after 2s [id=" + workspace + "]");
      out.println(
          RESOURCES.get(0) + " (deposed object 6f1c2a3b): Destroying... [id=" + workspace + "]");
      out.println(RESOURCES.get(0) + ": Destruction complete after 0s");
    }
  }

  private int destroy() {
    if (!run.state.lock(workspace, "OperationTypeApply")) {
      return lockError("OperationTypeApply");
    }
    try {
      out.println("Acquiring state lock. This may take a few moments...");
      run.event("destroy-start", workspace);
      Optional<Properties> current = run.state.workspace(workspace);
      current.ifPresent(this::refresh);
      delay();
      out.println();
      if (current.isEmpty()) {
        printNoChanges(
            "No objects need to be destroyed.",
            "Either you have not created any objects yet or the existing objects were",
            "already deleted outside of Terraform.");
      } else {
        out.println("Terraform will perform the following actions:");
        for (String r : RESOURCES) {
          out.println("  # " + r + " will be destroyed");
        }
        out.println();
        out.println(
            run.color(FakeAtmosRun.BOLD, "Plan:")
                + " 0 to add, 0 to change, "
                + RESOURCES.size()
                + " to destroy.");
      }
      // Terraform asks even when there is nothing to destroy; only "yes" goes ahead.
      if (!run.cli.autoApprove
          && !confirm(
              "Do you really want to destroy all resources in"
                  + " workspace \""
                  + workspace
                  + "\"?",
              "Terraform will destroy all your managed"
                  + " infrastructure, as shown above.\n  There is no undo. Only 'yes' will be accepted to"
                  + " confirm.")) {
        out.println();
        out.println("Destroy cancelled.");
        run.event("destroy-end", workspace);
        return 1;
      }
      int destroyed = 0;
      if (current.isPresent()) {
        for (int i = RESOURCES.size() - 1; i >= 0; i--) {
          out.println(RESOURCES.get(i) + ": Destroying... [id=" + workspace + "]");
          out.println(RESOURCES.get(i) + ": Destruction complete after 1s");
          destroyed++;
        }
        run.state.deleteWorkspace(workspace);
      }
      if (Boolean.parseBoolean(run.configValue("destroySummary", "true"))) {
        out.println();
        out.println(
            run.color(
                FakeAtmosRun.BOLD + FakeAtmosRun.GREEN,
                "Destroy complete! Resources: " + destroyed + " destroyed."));
      }
      run.event("destroy-end", workspace);
      return 0;
    } finally {
      run.state.unlock(workspace);
    }
  }

  /** Terraform's approval prompt: reads stdin, and only "yes" goes ahead. */
  private boolean confirm(String question, String explanation) {
    out.println();
    out.println(run.color(FakeAtmosRun.BOLD, question));
    out.println("  " + explanation);
    out.println();
    out.print(run.color(FakeAtmosRun.BOLD, "  Enter a value: "));
    out.flush();
    String answer = run.readLine();
    out.println();
    return "yes".equals(answer);
  }

  private int output() {
    FakeCommandLine cli = run.cli;
    boolean noisy = Boolean.parseBoolean(run.configValue("noisyOutput", "false"));
    if (noisy) {
      out.println(
          "WARN detected deprecated setting 'stacks.name_pattern'; use"
              + " 'stacks.name_template'");
    }
    Map<String, Object[]> outputs = new LinkedHashMap<>();
    run.state
        .workspace(workspace)
        .ifPresent(
            s -> {
              outputs.put("url", new Object[] {"string", s.getProperty("url")});
              outputs.put("service_name", new Object[] {"string", workspace});
              Map<String, Object> taskDefinition = new LinkedHashMap<>();
              taskDefinition.put("family", workspace);
              taskDefinition.put("revision", Integer.parseInt(s.getProperty("serial", "1")));
              outputs.put(
                  "task_definition",
                  new Object[] {
                    List.of("object", Map.of("family", "string", "revision", "number")),
                    taskDefinition
                  });
            });
    boolean json = cli.nativeArgs.contains("-json");
    boolean raw = cli.nativeArgs.contains("-raw");
    String name = cli.positional(3).orElse(null);
    for (String a : cli.nativeArgs) {
      if (!a.startsWith("-")) {
        name = a;
      }
    }
    if (name != null) {
      Object[] o = outputs.get(name);
      if (o == null) {
        return run.terraformError(
            "Output \"" + name + "\" not found",
            "The output variable requested could not be found in the state file. If you recently\n"
                + "added this to your configuration, be sure to run `terraform apply`, since the state\n"
                + "won't be updated with new output variables until that command is run.");
      }
      if (raw) {
        out.print(o[1]);
      } else if (json) {
        out.println(Json.writeIndented(o[1]));
      } else {
        out.println(o[1] instanceof String ? "\"" + o[1] + "\"" : Json.writeIndented(o[1]));
      }
    } else if (json) {
      Map<String, Object> all = new LinkedHashMap<>();
      outputs.forEach(
          (k, v) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sensitive", false);
            entry.put("type", v[0]);
            entry.put("value", v[1]);
            all.put(k, entry);
          });
      out.println(Json.writeIndented(all));
    } else if (outputs.isEmpty()) {
      run.err.println(run.color(FakeAtmosRun.YELLOW, "╷"));
      run.err.println(run.color(FakeAtmosRun.YELLOW, "│") + " Warning: No outputs found");
      run.err.println(run.color(FakeAtmosRun.YELLOW, "╵"));
    } else {
      List<String> lines = new ArrayList<>();
      outputs.forEach(
          (k, v) ->
              lines.add(
                  k
                      + " = "
                      + (v[1] instanceof String ? "\"" + v[1] + "\"" : Json.writeIndented(v[1]))));
      lines.forEach(out::println);
    }
    if (noisy) {
      out.println();
      out.println("Warnings:");
      out.println();
      out.println("- Value for undeclared variable");
      out.println("  A variable named \"github_repo_name\" was assigned but is not declared.");
    }
    return 0;
  }

  private void delay() {
    long millis = Long.parseLong(run.configValue("applyDelayMillis", "0"));
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private int lockError(String operation) {
    return run.terraformError(
        "Error acquiring the state lock",
        "Error message: ConditionalCheckFailedException: The conditional request failed\n"
            + "Lock Info:\n"
            + "  Path:      fake-tfstate/"
            + workspace
            + "/terraform.tfstate\n"
            + "  Operation: "
            + operation
            + "\n"
            + "  Who:       another atmos process\n\n"
            + "Terraform acquires a state lock to protect the state from being written\n"
            + "by multiple users at the same time. Please resolve the issue above and try\n"
            + "again. For most commands, you can disable locking with the \"-lock=false\"\n"
            + "flag, but this is not recommended.");
  }

  /** Terraform's "No changes." block: the bold headline, then two lines of explanation. */
  private void printNoChanges(String headline, String explanation, String explanationContinued) {
    out.println(
        run.color(FakeAtmosRun.GREEN + FakeAtmosRun.BOLD, "No changes.")
            + run.color(FakeAtmosRun.BOLD, " " + headline));
    out.println();
    out.println(explanation);
    out.println(explanationContinued);
  }
}
