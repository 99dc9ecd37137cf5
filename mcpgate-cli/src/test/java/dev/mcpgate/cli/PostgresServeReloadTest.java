package dev.mcpgate.cli;

/** A real serve process reloading on SIGHUP, with its store on PostgreSQL. */
class PostgresServeReloadTest extends ServeReloadTest {

  private String url;

  @Override
  String store() {
    if (url == null) {
      url = PostgresTestDatabase.freshSchemaUrl();
    }
    return "store:\n  url: \"" + url + "\"\n  poll: PT60S\n";
  }
}
