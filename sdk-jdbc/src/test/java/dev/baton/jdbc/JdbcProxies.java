package dev.baton.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import javax.sql.DataSource;

/** A data source whose connections and statements pass every call through an interceptor. */
final class JdbcProxies {
  private JdbcProxies() {}

  /** Sees a call to a connection or a statement, and makes it (with {@link #invoke}) or not. */
  @FunctionalInterface
  interface Interceptor {
    /**
     * @param target the connection or statement called
     * @param method the method
     * @param args its arguments
     * @return what the call returns
     * @throws Throwable what the call throws
     */
    Object intercept(Object target, Method method, Object[] args) throws Throwable;
  }

  static DataSource intercepting(DataSource ds, Interceptor interceptor) {
    return proxy(
        DataSource.class,
        (proxy, method, args) -> {
          Object result = invoke(ds, method, args);
          return result instanceof Connection c ? connection(c, interceptor) : result;
        });
  }

  private static Connection connection(Connection c, Interceptor interceptor) {
    return proxy(
        Connection.class,
        (proxy, method, args) -> {
          Object result = interceptor.intercept(c, method, args);
          if (result instanceof PreparedStatement ps) {
            return proxy(PreparedStatement.class, (p, m, a) -> interceptor.intercept(ps, m, a));
          }
          if (result instanceof Statement s) {
            return proxy(Statement.class, (p, m, a) -> interceptor.intercept(s, m, a));
          }
          return result;
        });
  }

  /** Makes the call on the real connection or statement, throwing what it throws. */
  static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
