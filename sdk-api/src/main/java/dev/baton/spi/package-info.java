/**
 * The provider interfaces Baton composes: {@link dev.baton.spi.ImageRegistry}, {@link
 * dev.baton.spi.StackDeployer}, {@link dev.baton.spi.EnvironmentResolver}, {@link
 * dev.baton.spi.ReleaseSource}, and the supporting {@link dev.baton.spi.ApprovalGate}, {@link
 * dev.baton.spi.DeploymentVerifier} and {@link dev.baton.spi.DeploymentLedger}.
 *
 * <p>Common contract, unless a type says otherwise: implementations are safe for concurrent use;
 * writes are idempotent (repeating a call that succeeded changes nothing and succeeds again);
 * failures are {@link dev.baton.BatonException} subtypes with any vendor exception as the cause; no
 * method returns {@code null}. The invariants of the flow are enforced by {@link
 * dev.baton.PromotionPipeline}, so an implementation only has to do what its interface says.
 */
package dev.baton.spi;
