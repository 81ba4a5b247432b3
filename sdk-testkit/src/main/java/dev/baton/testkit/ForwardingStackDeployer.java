package dev.baton.testkit;

import dev.baton.DeploymentTarget;
import dev.baton.StackName;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.Progress;
import dev.baton.spi.StackDeployer;
import dev.baton.spi.StackOutputs;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link StackDeployer} that forwards every call to another: extend it and override the calls a
 * test wants to slow down, block, count or fail.
 */
public abstract class ForwardingStackDeployer implements StackDeployer {
  private final StackDeployer delegate;

  /**
   * @param delegate where calls go
   */
  protected ForwardingStackDeployer(StackDeployer delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * A deployer that first hands each deploy request to {@code beforeEach}, then forwards it: the
   * usual case of a test that records, counts or holds deploys.
   *
   * <pre>{@code
   * List<DeployRequest> seen = new CopyOnWriteArrayList<>();
   * StackDeployer recording = ForwardingStackDeployer.beforeDeploy(t.deployer(), seen::add);
   * }</pre>
   *
   * @param delegate where calls go
   * @param beforeEach what to do with each deploy request before it is forwarded; it may block, and
   *     what it throws fails that deploy
   * @return the forwarding deployer
   */
  public static ForwardingStackDeployer beforeDeploy(
      StackDeployer delegate, Consumer<DeployRequest> beforeEach) {
    Objects.requireNonNull(beforeEach, "beforeEach");
    return new ForwardingStackDeployer(delegate) {
      @Override
      public DeployResult deploy(DeployRequest request, Progress progress) {
        beforeEach.accept(request);
        return super.deploy(request, progress);
      }
    };
  }

  @Override
  public DeployResult deploy(DeployRequest request, Progress progress) {
    return delegate.deploy(request, progress);
  }

  @Override
  public DestroyResult destroy(DestroyRequest request, Progress progress) {
    return delegate.destroy(request, progress);
  }

  @Override
  public StackOutputs outputs(
      DeploymentTarget target, StackName stack, Map<String, String> variables) {
    return delegate.outputs(target, stack, variables);
  }
}
