package dev.baton.testkit;

import dev.baton.BatonException;
import dev.baton.spi.DeploymentVerifier;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import java.util.List;

/**
 * A {@link DeploymentVerifier} that answers at once: healthy by default; queue verdicts with {@link
 * #nextResult}, failures (a timeout, say) with {@link #failNext}. Records every request. Safe for
 * concurrent use.
 *
 * <pre>{@code
 * FakeDeploymentVerifier verifier = new FakeDeploymentVerifier();
 * PromotionPipeline pipeline = testPipeline.builder().verifier(verifier).build();
 * verifier.nextResult(new VerificationResult(VerificationResult.Outcome.UNHEALTHY, "503"));
 * }</pre>
 */
public final class FakeDeploymentVerifier implements DeploymentVerifier {
  private final ScriptedAnswers<VerificationRequest, VerificationResult> script =
      new ScriptedAnswers<>();
  private final Failures failures = new Failures();

  /** A verifier that finds every deployment healthy. */
  public FakeDeploymentVerifier() {}

  /**
   * @param result the verdict for the next request only
   * @return this
   */
  public synchronized FakeDeploymentVerifier nextResult(VerificationResult result) {
    script.queue(result);
    return this;
  }

  /**
   * The next request throws {@code failure} (e.g. an {@link dev.baton.OperationTimeoutException}).
   *
   * @param failure what to throw
   * @return this
   */
  public FakeDeploymentVerifier failNext(BatonException failure) {
    failures.add(failure);
    return this;
  }

  /** {@return every request so far} */
  public synchronized List<VerificationRequest> requests() {
    return script.requests();
  }

  @Override
  public synchronized VerificationResult verify(VerificationRequest request) {
    script.record(request);
    failures.throwIfScripted();
    return script.next(
        () ->
            new VerificationResult(
                VerificationResult.Outcome.HEALTHY,
                request.outputs().url().map(u -> u + " is healthy").orElse("healthy")));
  }
}
