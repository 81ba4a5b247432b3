package dev.baton.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.EnvironmentName;
import dev.baton.Gate;
import dev.baton.Plan;
import dev.baton.PolicyViolationException;

/** What the flow tests check of a plan's gates. */
final class GateAssertions {
  private GateAssertions() {}

  /**
   * Checks that the plan has exactly one gate, of that environment, kind and refusal, whose reason
   * is the refusal's message.
   *
   * @return the gate, for more checks of its reason
   */
  static Gate onlyGate(
      Plan plan,
      EnvironmentName environment,
      String kind,
      Class<? extends PolicyViolationException> refusal) {
    assertThat(plan.gates()).hasSize(1);
    Gate g = plan.gates().get(0);
    assertThat(g.environment()).isEqualTo(environment);
    assertThat(g.kind()).isEqualTo(kind);
    assertThat(g.refusal()).isInstanceOf(refusal);
    assertThat(g.reason()).isEqualTo(g.refusal().getMessage());
    return g;
  }

  /** Checks that the plan shows its gates, last, one line each in its text and in its JSON. */
  static void assertShown(Plan plan) {
    StringBuilder lines = new StringBuilder();
    StringBuilder json = new StringBuilder();
    for (Gate g : plan.gates()) {
      lines.append("\ngate  ").append(g.environment()).append("  ");
      lines.append(g.kind()).append(": ").append(g.reason());
      json.append(json.isEmpty() ? "" : ",")
          .append("{\"environment\":\"")
          .append(g.environment())
          .append("\",\"kind\":\"")
          .append(g.kind())
          .append("\",\"reason\":\"")
          .append(g.reason())
          .append("\"}");
    }
    assertThat(plan.gates()).isNotEmpty();
    assertThat(plan.toString()).endsWith(lines.toString());
    assertThat(plan.toJson()).endsWith(",\"gates\":[" + json + "]}");
  }
}
