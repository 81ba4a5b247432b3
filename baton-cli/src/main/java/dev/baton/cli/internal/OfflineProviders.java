package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.ImageReference;
import dev.baton.ReleaseVersion;
import dev.baton.StackName;
import dev.baton.Tag;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalGate;
import dev.baton.spi.ApprovalRequest;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.DraftResult;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Progress;
import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.StackDeployer;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code baton plan --offline} wires into the pipeline: providers that refuse every call.
 * {@code PromotionPipeline.planOffline} calls none of them; wiring these instead of real clients
 * makes "no network call" a fact that a test can rely on rather than a promise: a call would fail
 * loudly.
 */
final class OfflineProviders implements ImageRegistry, StackDeployer, ReleaseSource, ApprovalGate {
  static final OfflineProviders INSTANCE = new OfflineProviders();

  private OfflineProviders() {}

  private static IllegalStateException refused(String call) {
    return new IllegalStateException(
        "an offline plan called " + call + "; --offline must make no provider call");
  }

  @Override
  public Optional<ResolvedImage> resolve(ImageReference reference) {
    throw refused("ImageRegistry.resolve(" + reference + ")");
  }

  @Override
  public TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
    throw refused("ImageRegistry.tag");
  }

  @Override
  public DeployResult deploy(DeployRequest request, Progress progress) {
    throw refused("StackDeployer.deploy");
  }

  @Override
  public DestroyResult destroy(DestroyRequest request, Progress progress) {
    throw refused("StackDeployer.destroy");
  }

  @Override
  public StackOutputs outputs(
      DeploymentTarget target, StackName stack, Map<String, String> variables) {
    throw refused("StackDeployer.outputs");
  }

  @Override
  public DraftResult draftRelease(CommitSha commit) {
    throw refused("ReleaseSource.draftRelease");
  }

  @Override
  public Optional<Release> release(ReleaseVersion version) {
    throw refused("ReleaseSource.release");
  }

  @Override
  public Optional<CommitSha> commitOf(ReleaseVersion version) {
    throw refused("ReleaseSource.commitOf");
  }

  @Override
  public ApprovalDecision await(ApprovalRequest request) {
    throw refused("ApprovalGate.await");
  }

  @Override
  public String toString() {
    return "OfflineProviders";
  }
}
