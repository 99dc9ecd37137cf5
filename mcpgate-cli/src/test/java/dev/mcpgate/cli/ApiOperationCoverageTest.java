package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CLI parity: every operation of the admin API's contract ({@code admin-api.json}) has a
 * command that runs it, no command names an operation the contract lacks, and {@code
 * docs/cli.md} keeps the table of operation to command.
 */
class ApiOperationCoverageTest {

  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

  /** Operation id to its "METHOD /path", from the contract. */
  static Map<String, String> operations() throws Exception {
    try (InputStream in = ApiOperationCoverageTest.class.getResourceAsStream(
        "/dev/mcpgate/admin/admin-api.json")) {
      JsonNode document = JsonMapper.builder().build().readTree(in.readAllBytes());
      Map<String, String> operations = new TreeMap<>();
      document.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
        JsonNode operation = path.getValue().path(method);
        if (operation.isObject()) {
          operations.put(operation.path("operationId").asString(),
              method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        }
      }));
      return operations;
    }
  }

  /** Operation id to the commands that run it, such as {@code mcpgate sources list}. */
  static Map<String, List<String>> commands() {
    Map<String, List<String>> commands = new TreeMap<>();
    walk(new CommandLine(new McpgateCommand()), "mcpgate", commands);
    return commands;
  }

  private static void walk(CommandLine line, String path, Map<String, List<String>> commands) {
    ApiOperation operation = line.getCommandSpec().userObject().getClass()
        .getAnnotation(ApiOperation.class);
    if (operation != null) {
      for (String id : operation.value()) {
        commands.computeIfAbsent(id, k -> new ArrayList<>()).add(path);
      }
    }
    line.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        walk(sub, path + " " + name, commands);
      }
    });
  }

  @Test
  void everyOperationOfTheContractHasACommandAndEveryCommandAnOperation() throws Exception {
    Map<String, String> operations = operations();
    Map<String, List<String>> commands = commands();

    assertThat(operations).hasSize(54);
    assertThat(new TreeSet<>(commands.keySet())).as("operations with a command")
        .isEqualTo(new TreeSet<>(operations.keySet()));
  }

  @Test
  void theDocsKeepTheTableOfOperationToCommand() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "cli.md"));
    Map<String, String> operations = operations();
    List<String> missing = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    commands().forEach((id, paths) -> {
      String row = "| `" + operations.get(id) + "` | `" + id + "` | `" + paths.get(0) + "` |";
      table.append(row).append('\n');
      if (!docs.contains(row)) {
        missing.add(row);
      }
    });
    assertThat(missing).as("rows missing from docs/cli.md; the table is:\n" + table).isEmpty();
  }
}
