package dev.mcpgate.control.internal;

import dev.mcpgate.api.Secret;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/** PostgreSQL data sources; only loaded when PostgreSQL is used. */
final class PostgresSource {

  private PostgresSource() {}

  static DataSource of(String url, @Nullable String user, @Nullable Secret password) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url);
    if (user != null) {
      source.setUser(user);
    }
    if (password != null) {
      source.setPassword(password.reveal());
    }
    // A store that is down should fail a change within seconds, not hang it.
    source.setConnectTimeout(5);
    source.setSocketTimeout(30);
    return source;
  }
}
