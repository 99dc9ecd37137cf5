package dev.mcpgate.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * Which tools a caller sees under a {@link RulePolicyEngine}, and why: one {@link
 * ToolExplanation} per tool, in the order the tools were given. Immutable and thread-safe.
 *
 * @param tools the explanation of each tool
 */
public record PolicyExplanation(List<ToolExplanation> tools) {

  /** Copies the list. */
  public PolicyExplanation {
    tools = List.copyOf(tools);
  }

  /**
   * The names of the tools the caller sees.
   *
   * @return the visible tools' names, in order
   */
  public List<String> visible() {
    return tools.stream().filter(ToolExplanation::visible).map(ToolExplanation::tool).toList();
  }

  /**
   * The names of the tools hidden from the caller.
   *
   * @return the hidden tools' names, in order
   */
  public List<String> hidden() {
    return tools.stream()
        .filter(tool -> !tool.visible())
        .map(ToolExplanation::tool)
        .toList();
  }

  /**
   * The explanation for one tool.
   *
   * @param name the tool's name
   * @return the explanation, or empty if the tool was not among those explained
   */
  public Optional<ToolExplanation> tool(String name) {
    return tools.stream().filter(tool -> tool.tool().equals(name)).findFirst();
  }
}
