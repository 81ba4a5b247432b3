package dev.baton.spi;

import dev.baton.Trigger;

/**
 * Decides, from a trigger, which environments to deploy or destroy. It has no side effects and does
 * no I/O beyond reading the trigger; implementations are safe for concurrent use.
 *
 * <p>The table-driven default is {@link dev.baton.TableEnvironmentResolver}; a GitHub resolver
 * turns event payloads into triggers and applies the same table.
 */
public interface EnvironmentResolver {
  /**
   * @param trigger what happened
   * @return the selections, or nothing with the reason
   * @throws dev.baton.ConfigurationException when the trigger names an unknown environment
   */
  Resolution resolve(Trigger trigger);
}
