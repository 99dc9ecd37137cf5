package dev.mcpgate.cli.internal;

/**
 * Where the control-plane commands send their operations: a running server's admin API over
 * HTTP ({@link ApiBackend}, changes recorded with surface {@code api}), or the store directly
 * through the service layer ({@link StoreBackend}, surface {@code cli}). Both answer every
 * operation of {@code admin-api.json} with the same JSON, so a command prints the same thing
 * whichever it talks to.
 */
public interface AdminBackend extends AutoCloseable {

  /**
   * Runs one operation.
   *
   * @param request the operation
   * @return what came of it
   * @throws java.io.UncheckedIOException if a server cannot be reached
   * @throws dev.mcpgate.control.ControlStoreException if the store fails
   */
  AdminAnswer send(AdminRequest request);

  /**
   * Where the operations go, for messages: the admin URL or the store's label.
   *
   * @return a description without any credential
   */
  String target();

  @Override
  void close();
}
