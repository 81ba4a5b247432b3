package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.SemanticVersion.Bump;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemanticVersionTest {

  @ParameterizedTest
  @CsvSource({
    "0.0.0,           0, 0, 0, 0.0.0",
    "1.2.3,           1, 2, 3, 1.2.3",
    "v1.2.3,          1, 2, 3, 1.2.3",
    "V10.20.30,      10, 20, 30, 10.20.30",
    "2147483647.0.1, 2147483647, 0, 1, 2147483647.0.1",
  })
  void parse_whenValid_readsParts_andToStringDropsThePrefix(
      String text, int major, int minor, int patch, String wire) {
    SemanticVersion version = SemanticVersion.parse(text);

    assertThat(version).isEqualTo(new SemanticVersion(major, minor, patch)).hasToString(wire);
    assertThat(SemanticVersion.tryParse(text)).contains(version);
  }

  @ParameterizedTest
  @CsvSource({"-1, 0, 0", "0, -1, 0", "0, 0, -1", "-2147483648, 5, 5"})
  void constructor_whenNegative_throwsIllegalArgument(int major, int minor, int patch) {
    assertThatThrownBy(() -> new SemanticVersion(major, minor, patch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @ParameterizedTest
  @CsvSource({
    "1.2.3, MAJOR, 2.0.0",
    "1.2.3, MINOR, 1.3.0",
    "1.2.3, PATCH, 1.2.4",
    "0.0.0, PATCH, 0.0.1",
    "0.9.9, MINOR, 0.10.0",
    "9.9.9, MAJOR, 10.0.0",
  })
  void bump_incrementsOnePart_andResetsTheLowerOnes(String from, Bump bump, String expected) {
    assertThat(SemanticVersion.parse(from).bump(bump)).isEqualTo(SemanticVersion.parse(expected));
  }

  @Test
  void bump_whenPartWouldOverflow_throwsArithmetic() {
    int max32 = Integer.MAX_VALUE;
    SemanticVersion max = new SemanticVersion(max32, max32, max32);

    assertThatThrownBy(() -> max.bump(Bump.MAJOR)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> max.bump(Bump.MINOR)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> max.bump(Bump.PATCH)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void compareTo_ordersNumericallyFieldByField() {
    List<SemanticVersion> versions = new ArrayList<>();
    for (String text :
        List.of("1.10.0", "0.0.1", "1.9.0", "10.0.0", "1.9.10", "0.1.0", "1.9.2", "2.0.0")) {
      versions.add(SemanticVersion.parse(text));
    }

    Collections.sort(versions);

    assertThat(versions)
        .extracting(SemanticVersion::toString)
        .containsExactly("0.0.1", "0.1.0", "1.9.0", "1.9.2", "1.9.10", "1.10.0", "2.0.0", "10.0.0");
  }

  @Test
  void compareTo_whenEqual_isZero() {
    assertThat(SemanticVersion.parse("v1.2.3").compareTo(SemanticVersion.parse("1.2.3"))).isZero();
  }
}
