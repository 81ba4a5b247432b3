package dev.baton.testkit;

import dev.baton.BatonException;
import dev.baton.DeploymentTarget;
import dev.baton.ImageReference;
import dev.baton.StackName;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.Progress;
import dev.baton.spi.StackDeployer;
import dev.baton.spi.StackOutputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A working in-memory {@link StackDeployer}: one workspace per stack and variables (as Atmos
 * computes a preview's workspace from {@code PR_NUMBER}), holding the image deployed. Deploying the
 * same image again gives "no changes"; destroying an empty workspace gives "nothing to destroy".
 * Each workspace has a {@code url} output. Script failures with {@link #failNext}; read calls with
 * {@link #deploys()} and {@link #destroys()}. Safe for concurrent use.
 */
public final class FakeStackDeployer implements StackDeployer {
  private final Map<String, ImageReference> workspaces = new HashMap<>();
  private final List<DeployRequest> deploys = new ArrayList<>();
  private final List<DestroyRequest> destroys = new ArrayList<>();
  private final Failures failures = new Failures();

  /** An empty deployer. */
  public FakeStackDeployer() {}

  /**
   * The next deploy or destroy throws {@code failure} instead of doing its work.
   *
   * @param failure what to throw
   * @return this
   */
  public FakeStackDeployer failNext(BatonException failure) {
    failures.add(failure);
    return this;
  }

  /** {@return every deploy request, in order, including failed ones} */
  public synchronized List<DeployRequest> deploys() {
    return List.copyOf(deploys);
  }

  /** {@return every destroy request, in order, including failed ones} */
  public synchronized List<DestroyRequest> destroys() {
    return List.copyOf(destroys);
  }

  /**
   * @param stack a stack
   * @param variables the variables selecting its workspace
   * @return the image deployed there now, or null
   */
  public synchronized ImageReference deployedImage(StackName stack, Map<String, String> variables) {
    return workspaces.get(workspace(stack, variables));
  }

  @Override
  public synchronized DeployResult deploy(DeployRequest request, Progress progress) {
    deploys.add(request);
    failures.throwIfScripted();
    String ws = workspace(request.stack(), request.variables());
    progress.line("Workspace \"" + ws + "\"");
    ImageReference before = workspaces.put(ws, request.image());
    DeployResult result;
    if (request.image().equals(before)) {
      progress.line("No changes. Your infrastructure matches the configuration.");
      result = new DeployResult(DeployResult.Outcome.NO_CHANGES, 0, 0, 0, outputs(ws));
    } else {
      int added = before == null ? 3 : 0;
      int changed = before == null ? 0 : 1;
      progress.line(
          "Apply complete! Resources: " + added + " added, " + changed + " changed, 0 destroyed.");
      result = new DeployResult(DeployResult.Outcome.APPLIED, added, changed, 0, outputs(ws));
    }
    return result;
  }

  @Override
  public synchronized DestroyResult destroy(DestroyRequest request, Progress progress) {
    destroys.add(request);
    failures.throwIfScripted();
    String ws = workspace(request.stack(), request.variables());
    if (workspaces.remove(ws) == null) {
      progress.line("No changes. No objects need to be destroyed.");
      return new DestroyResult(DestroyResult.Outcome.NOTHING_TO_DESTROY, 0);
    }
    progress.line("Destroy complete! Resources: 3 destroyed.");
    return new DestroyResult(DestroyResult.Outcome.DESTROYED, 3);
  }

  @Override
  public synchronized StackOutputs outputs(
      DeploymentTarget target, StackName stack, Map<String, String> variables) {
    String ws = workspace(stack, variables);
    return workspaces.containsKey(ws) ? outputs(ws) : StackOutputs.none();
  }

  private static StackOutputs outputs(String workspace) {
    return new StackOutputs(Map.of(StackOutputs.URL, "https://" + workspace + ".app.example.test"));
  }

  private static String workspace(StackName stack, Map<String, String> variables) {
    StringBuilder b = new StringBuilder(stack.value().replace('/', '-'));
    new TreeMap<>(variables).forEach((k, v) -> b.append('-').append(v));
    return b.toString();
  }

  @Override
  public synchronized String toString() {
    return "FakeStackDeployer" + workspaces.keySet();
  }
}
