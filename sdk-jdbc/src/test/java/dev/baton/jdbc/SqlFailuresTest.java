package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AccessDeniedException;
import dev.baton.BatonException;
import dev.baton.ConfigurationException;
import dev.baton.ProviderException;
import dev.baton.StaleWriteException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {
  private static BatonException map(SQLException e) {
    return SqlFailures.map(e, "take the lease on target/dev", "PostgreSQL at db:5432/baton", "s");
  }

  @Test
  void connectionAndAvailabilityFailures_areRetryable_andNameTheDatabase() {
    for (SQLException e :
        new SQLException[] {
          new SQLException("Connection to db:5432 refused", "08001"),
          new SQLException("An I/O error occurred while sending to the backend", "08006"),
          new SQLException("terminating connection due to administrator command", "57P01"),
          new SQLException("the database system is starting up", "57P03"),
          new SQLException("sorry, too many clients already", "53300"),
          new SQLTransientConnectionException("Connection is not available, request timed out"),
        }) {
      BatonException mapped = map(e);
      assertThat(mapped).as(e.getMessage()).isInstanceOf(ProviderException.class);
      assertThat(mapped.isRetryable()).as(e.getMessage()).isTrue();
      assertThat(mapped.getMessage())
          .startsWith("PostgreSQL at db:5432/baton: could not take the lease on target/dev: ")
          .contains(e.getMessage());
      assertThat(mapped.getCause()).isSameAs(e);
    }
  }

  @Test
  void conflicts_areRetriedInternally_andRetryableWhenAttemptsRunOut() {
    SQLException serialization = new SQLException("could not serialize access", "40001");
    SQLException deadlock = new SQLException("deadlock detected", "40P01");

    assertThat(SqlFailures.isConflict(serialization)).isTrue();
    assertThat(SqlFailures.isConflict(deadlock)).isTrue();
    assertThat(SqlFailures.isConflict(new SQLException("no state"))).isFalse();
    assertThat(map(deadlock).isRetryable()).isTrue();
    assertThat(map(deadlock).hint()).contains(Database.ATTEMPTS + " attempts");
  }

  @Test
  void missingTables_sayToRunCoordinationInit() {
    BatonException mapped = map(new SQLException("relation \"s.leases\" does not exist", "42P01"));

    assertThat(mapped).isInstanceOf(ConfigurationException.class);
    assertThat(mapped.hint()).contains("baton coordination init");
  }

  @Test
  void uniqueViolation_isAStaleWrite() {
    BatonException mapped =
        map(new SQLException("duplicate key value violates unique constraint", "23505"));

    assertThat(mapped).isInstanceOf(StaleWriteException.class);
    assertThat(mapped.getMessage()).contains("another writer recorded it first");
  }

  @Test
  void refusedLoginOrPrivilege_isAccessDenied_andNeverShowsAPassword() {
    BatonException login =
        map(
            new SQLException(
                "password authentication failed for user \"baton\" (password=hunter2)", "28P01"));
    BatonException privilege = map(new SQLException("permission denied for table leases", "42501"));

    assertThat(login).isInstanceOf(AccessDeniedException.class);
    assertThat(login.getMessage()).doesNotContain("hunter2").contains("password=****");
    assertThat(privilege).isInstanceOf(AccessDeniedException.class);
    assertThat(privilege.isRetryable()).isFalse();
  }

  @Test
  void otherFailures_arePermanent() {
    BatonException mapped = map(new SQLException("syntax error", "42601"));

    assertThat(mapped).isInstanceOf(ProviderException.class);
    assertThat(mapped.isRetryable()).isFalse();
  }

  @Test
  void endpoint_isHostPortAndDatabase_withoutUserOrParameters() {
    assertThat(Database.endpointOf("jdbc:postgresql://db.example.test:5432/baton?password=x"))
        .isEqualTo("db.example.test:5432/baton");
    assertThat(Database.endpointOf("jdbc:postgresql://u:secret@h1:5432,h2:5433/d"))
        .isEqualTo("h1:5432,h2:5433/d");
  }
}
