package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store SPI's contract on the sqlite store. */
class SqliteControlStoreTest extends ControlStoreContract {

  @TempDir Path directory;

  @Override
  ControlStore newStore() {
    return ControlStore.sqlite(directory.resolve("mcpgate.db"));
  }
}
