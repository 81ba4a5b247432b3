package dev.baton.spi;

/**
 * Where the preview sweeper ({@link dev.baton.PromotionPipeline#sweepPreviews}) reads whether a
 * pull request is still open and which labels it carries now: events can be missed (a workflow that
 * did not run, a label removed while CI was down), the pull request's state cannot.
 *
 * <p>Implementations are safe for concurrent use and only read. Failures are {@link
 * dev.baton.BatonException} subtypes, vendor exceptions only as the cause; a pull request that does
 * not exist is a {@link dev.baton.NotFoundException}.
 */
public interface PullRequestSource {
  /**
   * @param number the pull request number, positive
   * @return its state now
   * @throws dev.baton.NotFoundException when there is no such pull request
   */
  PullRequestState state(int number);
}
