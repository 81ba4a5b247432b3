package dev.baton.github;

import dev.baton.Environment;
import dev.baton.Environments;
import java.util.function.UnaryOperator;

/** The seed environment table, changed the ways these tests configure it. */
final class SeedTables {
  private SeedTables() {}

  /**
   * @param environment the name of one of the seed's environments
   * @param change what to change in it
   * @return the seed table with that environment changed
   */
  static Environments with(String environment, UnaryOperator<Environment.Builder> change) {
    return Environments.standard().toBuilder().change(environment, change).build();
  }

  /** The seed table with prod recorded under GitHub's conventional name "production". */
  static Environments prodAsProduction() {
    return with("prod", prod -> prod.githubEnvironment("production"));
  }
}
