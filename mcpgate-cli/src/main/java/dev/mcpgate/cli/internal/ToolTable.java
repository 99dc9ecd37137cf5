package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Tools as a table for people choosing what to approve: name, HTTP method, path, operation id
 * and upstream auth, one tool a line, in aligned columns. A long cell is cut to its column's
 * width with {@code ...} at the end, so that a line stays readable; {@code import --format json}
 * has every value whole. Stateless.
 */
public final class ToolTable {

  private static final String CUT = "...";

  private ToolTable() {}

  /**
   * One row: a tool, and the source it belongs to or null for a table without that column.
   *
   * @param source the source's id and state, such as {@code pets}, or null
   * @param tool the tool
   */
  public record Row(@Nullable String source, ToolDefinition tool) {}

  /**
   * The table's lines: a header, then a line per row, in the given order.
   *
   * @param rows the rows; a source column is shown when the first row names a source
   * @return the lines, without trailing spaces
   */
  public static List<String> lines(List<Row> rows) {
    boolean withSource = !rows.isEmpty() && rows.get(0).source() != null;
    List<Column> columns = new ArrayList<>();
    if (withSource) {
      columns.add(new Column("SOURCE", 24));
    }
    columns.add(new Column("TOOL", 48));
    columns.add(new Column("METHOD", 7));
    columns.add(new Column("PATH", 48));
    columns.add(new Column("OPERATION", 40));
    columns.add(new Column("AUTH", 40));
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows) {
      List<String> line = new ArrayList<>();
      if (withSource) {
        line.add(String.valueOf(row.source()));
      }
      ToolDefinition tool = row.tool();
      HttpOperation http = tool.http();
      line.add(tool.name());
      line.add(http == null ? "-" : http.method());
      line.add(http == null ? "-" : http.pathTemplate());
      line.add(tool.operationId() == null ? "-" : tool.operationId());
      line.add(auth(tool.auth()));
      cells.add(line);
    }
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).header.length();
      for (List<String> line : cells) {
        widths[c] = Math.max(widths[c], Math.min(columns.get(c).max, line.get(c).length()));
      }
    }
    List<String> out = new ArrayList<>(rows.size() + 1);
    out.add(format(columns.stream().map(Column::header).toList(), widths));
    for (List<String> line : cells) {
      out.add(format(line, widths));
    }
    return out;
  }

  /**
   * How a tool's upstream auth is shown: each requirement by kind, an API key with where it goes,
   * alternatives separated by {@code |}; {@code none} when none is declared.
   *
   * @param requirements the tool's requirements
   * @return the cell
   */
  static String auth(List<AuthRequirement> requirements) {
    if (requirements.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    for (AuthRequirement requirement : requirements) {
      String part = requirement.kind().wireName();
      if (requirement instanceof AuthRequirement.ApiKey key) {
        part += "(" + key.location().name().toLowerCase(Locale.ROOT) + " " + key.name() + ")";
      } else if (requirement instanceof AuthRequirement.HttpScheme scheme) {
        part += "(" + scheme.scheme() + ")";
      }
      if (!parts.contains(part)) {
        parts.add(part);
      }
    }
    return String.join(" | ", parts);
  }

  private static String format(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cut(cells.get(c), widths[c]);
      line.append(cell);
      if (c < cells.size() - 1) {
        line.append(" ".repeat(widths[c] - cell.length() + 2));
      }
    }
    return line.toString().stripTrailing();
  }

  private static String cut(String cell, int width) {
    return cell.length() <= width ? cell : cell.substring(0, width - CUT.length()) + CUT;
  }

  private record Column(String header, int max) {}
}
