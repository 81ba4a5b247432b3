package dev.baton;

import dev.baton.spi.QuarantineRecord;
import java.util.Objects;

/**
 * The digest to deploy or promote is quarantined in the ledger ({@link
 * PromotionPipeline#quarantine}): no environment takes it, whatever the other gates say and even
 * with a break-glass override, until it is released. Nothing was changed.
 */
public final class DigestQuarantinedException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The quarantine. */
  private final transient QuarantineRecord quarantine;

  /**
   * @param what what was refused, e.g. "deploy to prod"
   * @param quarantine the digest's quarantine
   */
  public DigestQuarantinedException(String what, QuarantineRecord quarantine) {
    super(
        "refusing to "
            + what
            + ": "
            + Objects.requireNonNull(quarantine, "quarantine").digest()
            + " is quarantined (by "
            + quarantine.who()
            + " at "
            + quarantine.at()
            + ": "
            + quarantine.reason()
            + ")",
        "deploy another build, or lift the quarantine once the digest is known good: baton"
            + " quarantine --release "
            + quarantine.digest()
            + " --reason TEXT (PromotionPipeline.release when embedding)");
    this.quarantine = quarantine;
  }

  /** {@return the digest's quarantine} */
  public QuarantineRecord quarantine() {
    return quarantine;
  }
}
