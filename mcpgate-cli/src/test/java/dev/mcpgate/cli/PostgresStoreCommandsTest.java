package dev.mcpgate.cli;

/** The control-plane commands' specification on PostgreSQL. */
class PostgresStoreCommandsTest extends StoreCommandsTest {

  @Override
  String configText() {
    return """
        sources: []
        store:
          url: "%s"
        """.formatted(PostgresTestDatabase.freshSchemaUrl());
  }
}
