package dev.mcpgate.core;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The operator's decision about one imported API description: whether its tools may be served
 * at all, and which of its operations. Tools name their source ({@link
 * dev.mcpgate.api.ToolDefinition#source()}); the first two runtime gates check the source's
 * state on every {@code tools/list} and {@code tools/call}, so withdrawing an approval or an
 * operation takes effect on the next request without touching the catalog.
 *
 * <p>A tool whose source the gateway does not know is not served: sources fail closed.
 *
 * @param id the source's id, as the importer assigned it: 1 to 128 of {@code [A-Za-z0-9_.:-]}
 * @param approved whether an operator approved the source; until then none of its tools is
 *     served
 * @param allOperations whether every operation is selected; when false, only {@code
 *     operations}
 * @param operations the selected operation ids when {@code allOperations} is false; empty
 *     otherwise
 * @param outputSchemas how the source's tools advertise and enforce their output schemas;
 *     {@link OutputSchemaMode#LENIENT} unless set (see {@link #withOutputSchemas})
 */
public record Source(
    String id,
    boolean approved,
    boolean allOperations,
    Set<String> operations,
    OutputSchemaMode outputSchemas) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  /** The output schema mode of a source that sets none: {@link OutputSchemaMode#LENIENT}. */
  public static final OutputSchemaMode DEFAULT_OUTPUT_SCHEMAS = OutputSchemaMode.LENIENT;

  /** Validates and copies the fields. */
  public Source {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outputSchemas, "outputSchemas");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "source id '" + id + "' must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
    }
    operations = Set.copyOf(operations);
    if (allOperations && !operations.isEmpty()) {
      throw new IllegalArgumentException(
          "source '" + id + "': list operations only when not every operation is selected");
    }
  }

  /**
   * A source with the default output schema mode ({@link #DEFAULT_OUTPUT_SCHEMAS}).
   *
   * @param id the source's id
   * @param approved whether an operator approved the source
   * @param allOperations whether every operation is selected
   * @param operations the selected operation ids when {@code allOperations} is false
   */
  public Source(String id, boolean approved, boolean allOperations, Set<String> operations) {
    this(id, approved, allOperations, operations, DEFAULT_OUTPUT_SCHEMAS);
  }

  /**
   * An approved source with every operation selected.
   *
   * @param id the source's id
   * @return the source
   */
  public static Source approved(String id) {
    return new Source(id, true, true, Set.of());
  }

  /**
   * A source awaiting approval: none of its tools is served.
   *
   * @param id the source's id
   * @return the source
   */
  public static Source pending(String id) {
    return new Source(id, false, true, Set.of());
  }

  /**
   * This source with only some operations selected.
   *
   * @param operationIds the operation ids to serve
   * @return a copy selecting exactly those
   */
  public Source selecting(Set<String> operationIds) {
    return new Source(id, approved, false, operationIds, outputSchemas);
  }

  /**
   * This source with another output schema mode.
   *
   * @param mode how its tools advertise and enforce their output schemas
   * @return a copy with that mode
   */
  public Source withOutputSchemas(OutputSchemaMode mode) {
    return new Source(id, approved, allOperations, operations, mode);
  }

  /**
   * Whether an operation is selected.
   *
   * @param operationId the operation's id, or null for a tool without one
   * @return true if every operation is selected or this one is
   */
  public boolean selects(@Nullable String operationId) {
    return allOperations || (operationId != null && operations.contains(operationId));
  }
}
