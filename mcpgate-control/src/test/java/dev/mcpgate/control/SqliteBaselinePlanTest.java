package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Reconciling a baseline, on SQLite. */
class SqliteBaselinePlanTest extends BaselinePlanContract {

  @TempDir Path directory;

  @Override
  ControlStore newStore() {
    return ControlStore.sqlite(directory.resolve("mcpgate.db"));
  }
}
