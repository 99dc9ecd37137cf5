package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The control plane's specification on SQLite. */
class SqliteControlPlaneTest extends ControlPlaneContract {

  @TempDir Path directory;

  @Override
  ControlStore newStore() {
    return ControlStore.sqlite(directory.resolve("mcpgate.db"));
  }
}
