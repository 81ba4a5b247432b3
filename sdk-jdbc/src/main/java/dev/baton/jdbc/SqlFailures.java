package dev.baton.jdbc;

import dev.baton.AccessDeniedException;
import dev.baton.BatonException;
import dev.baton.ConfigurationException;
import dev.baton.ProviderException;
import dev.baton.StaleWriteException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a failed statement means to the caller, by SQLSTATE (PostgreSQL's Appendix A, "Error
 * Codes"): a lost or refused connection and a server shutting down or out of connections are
 * retryable; a serialization failure or deadlock is retried by {@link Database} and only reaches
 * here when the attempts ran out (still retryable); a missing table or schema is a database that
 * was not migrated; a unique violation is a write another writer made first; a refused login or
 * privilege is {@link AccessDeniedException}. Messages name the database's host, port and name,
 * never credentials.
 */
final class SqlFailures {
  /** serialization_failure, deadlock_detected. */
  private static final Set<String> CONFLICTS = Set.of("40001", "40P01");

  /**
   * admin_shutdown, crash_shutdown, cannot_connect_now, lock_not_available, query_canceled
   * (statement_timeout), transaction rollback of an unknown cause.
   */
  private static final Set<String> TRANSIENT =
      Set.of("57P01", "57P02", "57P03", "55P03", "57014", "40000", "40003");

  private static final Pattern PASSWORD = Pattern.compile("(?i)(password\\s*[=:]\\s*)[^\\s&;,)]+");

  private SqlFailures() {}

  /**
   * @param e a failure
   * @return whether the server aborted the call to resolve a conflict, so that it may run again
   */
  static boolean isConflict(SQLException e) {
    return CONFLICTS.contains(state(e));
  }

  /**
   * @param e a failure
   * @return whether a table or schema the statement named does not exist
   */
  static boolean isMissingTable(SQLException e) {
    return "42P01".equals(state(e)) || "3F000".equals(state(e));
  }

  /**
   * @param e a failure
   * @return whether it is about the connection or the server's availability, not the statement
   */
  static boolean isUnavailable(SQLException e) {
    String state = state(e);
    return state.startsWith("08")
        || state.startsWith("53")
        || TRANSIENT.contains(state)
        || e instanceof SQLTransientException
        || e instanceof SQLRecoverableException;
  }

  /**
   * @param e the failure
   * @param what what the call did, e.g. "take the lease on target/dev"
   * @param endpoint the database, for the message
   * @param schema the schema's name
   * @return Baton's error for it
   */
  static BatonException map(SQLException e, String what, String endpoint, String schema) {
    String state = state(e);
    String detail = describe(e);
    String message = endpoint + ": could not " + what + ": " + detail;
    if (isConflict(e)) {
      return ProviderException.retryable(
          message,
          "concurrent writers kept conflicting after " + Database.ATTEMPTS + " attempts; run again",
          e);
    }
    if (isUnavailable(e)) {
      return ProviderException.retryable(
          message,
          "check that the database server is running and reachable from here, and that its"
              + " connection limit is not reached; the call may be made again",
          e);
    }
    if (isMissingTable(e)) {
      return new ConfigurationException(
          message,
          "schema "
              + schema
              + " was not migrated: run `baton coordination init` (PostgresSchema.migrate)"
              + " against this database",
          e);
    }
    if (state.equals("23505")) {
      return new StaleWriteException(
          what, "another writer recorded it first (" + detail + "); read again and retry");
    }
    if (state.startsWith("28") || state.equals("42501")) {
      return new AccessDeniedException(
          message,
          "check the database user and its password in the data source, and that the user may"
              + " read and write the tables of schema "
              + schema,
          e);
    }
    return ProviderException.permanent(message, e);
  }

  /** {@return the failure's SQLSTATE; empty when it has none} */
  private static String state(SQLException e) {
    return e.getSQLState() == null ? "" : e.getSQLState();
  }

  /** The failure's SQLSTATE and message, with anything that looks like a password masked. */
  private static String describe(SQLException e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (e instanceof SQLTransientException && cause != null && cause.getMessage() != null) {
      text = text + " (" + cause.getMessage() + ")";
    }
    String state = e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
    return PASSWORD.matcher(text.strip()).replaceAll("$1****") + state;
  }
}
