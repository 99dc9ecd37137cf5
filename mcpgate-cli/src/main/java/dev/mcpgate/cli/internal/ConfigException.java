package dev.mcpgate.cli.internal;

import java.util.List;

/**
 * A configuration that cannot be served, with every problem found, each naming its place in the
 * file, such as {@code sources[1].binding: no binding 'stripe-key'}.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The problems, in the order they were found. */
  private final transient List<String> problems;

  /**
   * An exception for a list of problems.
   *
   * @param file the configuration file, as the operator named it
   * @param problems the problems; at least one
   */
  public ConfigException(String file, List<String> problems) {
    super(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"),
        null, false, false);
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, each a path in the file, a colon and what is wrong there.
   *
   * @return the problems, never empty
   */
  public List<String> problems() {
    return problems;
  }
}
