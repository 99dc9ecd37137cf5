package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.Secret;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.core.credentials.EnvironmentSecrets;
import dev.mcpgate.core.credentials.SecretStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The control-plane store named by a configuration's {@code store} section, opened, with the
 * service layer over it. Close it to stop the service's audit writer and release the store.
 */
public final class StoreAccess implements AutoCloseable {

  private final ServeConfig.Store settings;
  private final @Nullable Secret password;
  private final ControlStore store;
  private final ControlPlane control;

  private StoreAccess(ServeConfig.Store settings, @Nullable Secret password, ControlStore store,
      ControlPlane control) {
    this.settings = settings;
    this.password = password;
    this.store = store;
    this.control = control;
  }

  /**
   * Reads the UI's OIDC client secret ({@code admin.oidc.clientSecretRef}) like the store's
   * password.
   *
   * @param config the configuration
   * @param environment the process environment
   * @param label the configuration's name in errors
   * @return the secret, or null when no reference is configured
   * @throws ConfigException if the reference cannot be read
   */
  public static @Nullable String oidcClientSecret(
      ServeConfig config, Function<String, @Nullable String> environment, String label) {
    ServeConfig.AdminOidc oidc = config.admin().oidc();
    if (oidc == null || oidc.clientSecretRef() == null) {
      return null;
    }
    Secret secret = resolve(config, environment, "admin-oidc", oidc.clientSecretRef(), label,
        "admin.oidc.clientSecretRef: cannot read the client secret: ");
    return secret == null ? null : secret.reveal();
  }

  private static @Nullable Secret resolve(ServeConfig config,
      Function<String, @Nullable String> environment, String name, String ref, String label,
      String problem) {
    SecretStores.Builder stores =
        SecretStores.builder().environment(EnvironmentSecrets.from(environment));
    if (config.secrets().files() != null) {
      stores.files(config.secrets().files());
    }
    CredentialResolution resolution = stores.build().resolve(
        CredentialBinding.of(name, AuthKind.BEARER, ref), CallerContext.anonymous());
    if (resolution instanceof CredentialResolution.Resolved resolved) {
      return resolved.secret();
    } else if (resolution instanceof CredentialResolution.Unavailable unavailable) {
      throw new ConfigException(label, List.of(problem + unavailable.reason()));
    }
    return null;
  }

  /**
   * Opens the store (creating a SQLite file and migrating the schema as needed).
   *
   * @param config the configuration
   * @param environment how {@code env:} references are read, such as {@code System::getenv}
   * @param label how problems name the configuration file
   * @return the opened store
   * @throws ConfigException if the password's reference cannot be read
   * @throws dev.mcpgate.control.ControlStoreException if the store cannot be opened
   */
  public static StoreAccess open(
      ServeConfig config, Function<String, @Nullable String> environment, String label) {
    ServeConfig.Store settings = config.store();
    Secret password = settings.passwordRef() == null ? null : resolve(config, environment,
        "store", settings.passwordRef(), label, "store.passwordRef: cannot read the password: ");
    ControlStore store = ControlStore.jdbc(settings.url(), settings.user(), password);
    try {
      return new StoreAccess(settings, password, store, ControlPlane.builder(store)
          .auditRetention(settings.auditRetention()).build());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * The service layer.
   *
   * @return the control plane
   */
  public ControlPlane control() {
    return control;
  }

  /**
   * The store's settings.
   *
   * @return the {@code store} section
   */
  public ServeConfig.Store settings() {
    return settings;
  }

  /**
   * Opens a connection of its own to the store's database, with the store's credentials: for
   * {@code LISTEN}, which needs a connection that stays open.
   *
   * @return the connection
   * @throws SQLException if the database cannot be reached
   */
  Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    if (password != null) {
      properties.setProperty("password", password.reveal());
    }
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(settings.url(), properties);
  }

  @Override
  public void close() {
    try {
      control.close();
    } finally {
      store.close();
    }
  }
}
