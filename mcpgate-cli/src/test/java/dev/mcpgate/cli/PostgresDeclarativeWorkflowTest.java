package dev.mcpgate.cli;

import java.util.HashMap;
import java.util.Map;

/** {@code diff}, {@code apply} and {@code export} on PostgreSQL (see PostgresTestDatabase). */
class PostgresDeclarativeWorkflowTest extends DeclarativeWorkflowTest {

  private final Map<String, String> urls = new HashMap<>();

  @Override
  String storeSection(String name) {
    String url = urls.computeIfAbsent(name, n -> PostgresTestDatabase.freshSchemaUrl());
    return "store:\n  url: \"" + url + "\"\n";
  }
}
