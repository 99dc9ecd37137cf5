package dev.mcpgate.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Converts JSON trees to the plain Java values the SPI speaks. */
public final class JsonValues {

  private JsonValues() {}

  /**
   * A JSON object as an unmodifiable map of plain Java values.
   *
   * @param object a JSON object node
   * @return the map
   */
  public static Map<String, @Nullable Object> toMap(JsonNode object) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      map.put(field.getKey(), toJava(field.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * A JSON value as a plain Java value.
   *
   * @param node the node
   * @return a Map, List, String, Number, Boolean or null
   */
  public static @Nullable Object toJava(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return toMap(node);
      case ARRAY:
        List<@Nullable Object> list = new ArrayList<>(node.size());
        for (JsonNode item : node) {
          list.add(toJava(item));
        }
        return Collections.unmodifiableList(list);
      case STRING:
        return node.asString();
      case NUMBER:
        return node.numberValue();
      case BOOLEAN:
        return node.booleanValue();
      default:
        return null;
    }
  }
}
