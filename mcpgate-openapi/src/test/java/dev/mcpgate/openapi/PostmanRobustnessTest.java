package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class PostmanRobustnessTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = PostmanRobustnessTest.class.getResourceAsStream("/postman/" + name)) {
      return SchemaChecks.JSON.readTree(in);
    }
  }

  /** Every container node, with the way to reach it again in a fresh copy. */
  private static void paths(JsonNode node, List<Object> path, List<List<Object>> into) {
    if (node.isObject()) {
      for (String name : node.propertyNames()) {
        List<Object> child = new ArrayList<>(path);
        child.add(name);
        into.add(child);
        paths(node.get(name), child, into);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> child = new ArrayList<>(path);
        child.add(i);
        into.add(child);
        paths(node.get(i), child, into);
      }
    }
  }

  private static JsonNode replaced(JsonNode root, List<Object> path, JsonNode value) {
    JsonNode copy = root.deepCopy();
    JsonNode parent = copy;
    for (int i = 0; i < path.size() - 1; i++) {
      Object step = path.get(i);
      parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer index) {
      ((ArrayNode) parent).set(index, value);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
    return copy;
  }

  @Test
  void anyFieldOfAnyTypeGivesAResultOrAnImportExceptionNeverAnotherError() throws Exception {
    List<JsonNode> values = List.of(NODES.nullNode(), NODES.numberNode(42),
        NODES.arrayNode(), NODES.objectNode(), NODES.stringNode("{{x}}"), NODES.booleanNode(true));
    for (String file : List.of("inputs-v21.json", "auth-v21.json", "auth-v20.json")) {
      JsonNode root = fixture(file);
      List<List<Object>> paths = new ArrayList<>();
      paths(root, List.of(), paths);
      for (List<Object> path : paths) {
        for (JsonNode value : values) {
          byte[] mutated = SchemaChecks.JSON.writeValueAsBytes(replaced(root, path, value));
          try {
            ImportResult result =
                ApiImporter.importContent(mutated, file, ImportOptions.defaults());
            assertThat(result.warnings()).as(path + " = " + value)
                .noneSatisfy(warning -> assertThat(warning.message())
                    .contains("cannot be converted"));
          } catch (ImportException expected) {
            assertThat(expected.getMessage()).startsWith(file);
          }
        }
      }
    }
  }
}
