package dev.mcpgate.openapi.internal;

import dev.mcpgate.api.ParameterBinding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool's inputs as a reader finds them, and the input schema and bindings they make: the one
 * place of the convention every importer follows.
 *
 * <ul>
 *   <li>each parameter is a top-level property named after it; a later parameter whose name is
 *       taken is named {@code <location>_<name>} (then {@code <location>_<name>_2}, ...);
 *   <li>the request body is the property {@code body};
 *   <li>{@code required} lists the required inputs; the root has {@code additionalProperties:
 *       false}.
 * </ul>
 *
 * <p>Not thread-safe: one per operation.
 */
public final class ToolInputs {

  /** The argument that carries the request body. */
  public static final String BODY = "body";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, ObjectNode> properties = new LinkedHashMap<>();
  private final List<String> required = new ArrayList<>();
  private final List<ParameterBinding> bindings = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();
  private final Set<String> wires = new HashSet<>();

  /** No inputs yet. */
  public ToolInputs() {}

  /**
   * Keeps a name for an input added later (the body), so no parameter's name depends on
   * whether the body comes first.
   *
   * @param name the name to keep free
   */
  public void reserve(String name) {
    taken.add(name);
  }

  /**
   * Adds a parameter.
   *
   * @param name the parameter's name
   * @param location where it goes (not the body)
   * @param wireName its name on the wire
   * @param schema its schema (the description already in it)
   * @param isRequired whether it must be given
   * @param style the serialization style, or null
   * @param explode the explode flag, or null
   * @return the argument's name, or null when the same parameter (location and wire name) was
   *     added already and this one is left out
   */
  public @Nullable String add(
      String name,
      ParameterBinding.Location location,
      String wireName,
      ObjectNode schema,
      boolean isRequired,
      @Nullable String style,
      @Nullable Boolean explode) {
    String place = location.name().toLowerCase(Locale.ROOT);
    if (!wires.add(place + ":" + wireName.toLowerCase(Locale.ROOT))) {
      return null;
    }
    String argument = name;
    if (!taken.add(argument)) {
      argument = place + "_" + name;
      for (int i = 2; !taken.add(argument); i++) {
        argument = place + "_" + name + "_" + i;
      }
    }
    properties.put(argument, schema);
    if (isRequired) {
      required.add(argument);
    }
    bindings.add(new ParameterBinding(argument, location, wireName, style, explode, isRequired));
    return argument;
  }

  /**
   * Adds the request body as the input {@value #BODY}.
   *
   * @param schema the body's schema
   * @param isRequired whether a body must be given
   */
  public void addBody(ObjectNode schema, boolean isRequired) {
    taken.add(BODY);
    properties.put(BODY, schema);
    if (isRequired) {
      required.add(BODY);
    }
    bindings.add(
        new ParameterBinding(BODY, ParameterBinding.Location.BODY, null, null, null, isRequired));
  }

  /**
   * Where each input goes.
   *
   * @return the bindings, in the order added
   */
  public List<ParameterBinding> bindings() {
    return List.copyOf(bindings);
  }

  /**
   * The input schema's root, ready for a reader to add {@code $defs}.
   *
   * @return a new object node
   */
  public ObjectNode schema() {
    ObjectNode root = NODES.objectNode();
    root.put("type", "object");
    ObjectNode props = root.putObject("properties");
    properties.forEach(props::set);
    if (!required.isEmpty()) {
      ArrayNode list = root.putArray("required");
      required.forEach(list::add);
    }
    root.put("additionalProperties", false);
    return root;
  }
}
