package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpgate openapi}: the admin API's OpenAPI 3.1 document, as the server serves it (or
 * as this jar carries it, on the store). {@code --output json} prints the document.
 */
@Command(name = "openapi", mixinStandardHelpOptions = true,
    description = "Print the admin API's OpenAPI document (--output json for all of it).")
@ApiOperation("getOpenApi")
public final class OpenApiCommand extends AdminCommand {

  /** Creates the command; picocli fills in its options. */
  public OpenApiCommand() {}

  @Override
  int run(Session session) {
    return session.show(session.read(AdminRequest.get("getOpenApi", "/openapi.json")),
        document -> {
          int operations = 0;
          for (JsonNode path : document.path("paths")) {
            for (String method : List.of("get", "put", "post", "delete", "patch")) {
              operations += path.has(method) ? 1 : 0;
            }
          }
          return List.of(document.at("/info/title").asString() + " "
              + document.at("/info/version").asString() + " (OpenAPI "
              + document.path("openapi").asString() + "): " + document.path("paths").size()
              + " paths, " + operations + " operations; --output json prints the document");
        });
  }
}
