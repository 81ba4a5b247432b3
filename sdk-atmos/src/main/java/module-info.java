/**
 * The Atmos CLI as a {@link dev.baton.spi.StackDeployer}: {@link
 * dev.baton.atmos.AtmosStackDeployer} runs {@code atmos terraform deploy/destroy/output} and {@code
 * atmos describe component} as child processes. Everything in {@code dev.baton.atmos.internal} is
 * private to the module.
 */
module dev.baton.atmos {
  requires transitive dev.baton;
  requires com.fasterxml.jackson.databind;

  exports dev.baton.atmos;
}
