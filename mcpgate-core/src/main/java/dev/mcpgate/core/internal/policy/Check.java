package dev.mcpgate.core.internal.policy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One compiled condition of a rule on a subject (a caller, a tool or a call's arguments), able
 * to test it and to say, for explanations, what it is and what it saw. Implementations are
 * immutable and thread-safe.
 *
 * @param <T> what the condition is on
 */
interface Check<T> {

  /** Whether the condition holds. */
  boolean test(T subject);

  /** The condition as explanations write it, such as {@code tenant in [acme]}. */
  String describe();

  /** The subject's value the condition looks at, for explanations. */
  String actual(T subject);

  /** {@code "value"} or {@code (none)}. */
  static String quote(@Nullable Object value) {
    if (value == null) {
      return "(none)";
    }
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }

  /** A single-valued field of the subject (a caller's tenant, a tool's source) in a set of values. */
  final class Field<T> implements Check<T> {
    private final String field;
    private final Function<T, @Nullable String> accessor;
    private final Values values;

    Field(String field, Function<T, @Nullable String> accessor, Collection<String> values) {
      this.field = field;
      this.accessor = accessor;
      this.values = new Values(values);
    }

    /** A tool's HTTP method, or null when it has no HTTP operation. */
    static @Nullable String method(ToolDefinition tool) {
      HttpOperation http = tool.http();
      return http == null ? null : http.method();
    }

    @Override
    public boolean test(T subject) {
      return values.contains(accessor.apply(subject));
    }

    @Override
    public String describe() {
      return field + " in " + values;
    }

    @Override
    public String actual(T subject) {
      return quote(accessor.apply(subject));
    }
  }

  /** The caller holds at least one, or all, of some scopes. */
  final class Scopes implements Check<CallerContext> {
    private final String[] required;
    private final boolean all;
    private final String text;

    Scopes(Collection<String> required, boolean all) {
      this.required = required.toArray(new String[0]);
      this.all = all;
      this.text = "scopes " + (all ? "all of " : "any of ") + required;
    }

    @Override
    public boolean test(CallerContext caller) {
      Set<String> held = caller.scopes();
      for (String scope : required) {
        boolean has = held.contains(scope);
        if (all != has) {
          // all: one missing fails; any: one present succeeds
          return has;
        }
      }
      return all;
    }

    @Override
    public String describe() {
      return text;
    }

    @Override
    public String actual(CallerContext caller) {
      return new TreeSet<>(caller.scopes()).toString();
    }
  }

  /** A caller attribute in a set of values. */
  final class Attribute implements Check<CallerContext> {
    private final String name;
    private final Values values;

    Attribute(String name, Collection<String> values) {
      this.name = name;
      this.values = new Values(values);
    }

    @Override
    public boolean test(CallerContext caller) {
      return values.contains(caller.attributes().get(name));
    }

    @Override
    public String describe() {
      return "attribute " + name + " in " + values;
    }

    @Override
    public String actual(CallerContext caller) {
      return quote(caller.attributes().get(name));
    }
  }

  /** The tool's name equals one of some names or matches one of some globs. */
  final class Names implements Check<ToolDefinition> {
    private final Values exact;
    private final Glob[] globs;
    private final String text;

    Names(Collection<String> patterns) {
      List<String> literal = new ArrayList<>();
      List<Glob> compiled = new ArrayList<>();
      for (String pattern : patterns) {
        if (Glob.isGlob(pattern)) {
          compiled.add(Glob.compile(pattern));
        } else {
          literal.add(pattern);
        }
      }
      this.exact = new Values(literal);
      this.globs = compiled.toArray(new Glob[0]);
      this.text = "name matches " + patterns;
    }

    @Override
    public boolean test(ToolDefinition tool) {
      String name = tool.name();
      if (exact.contains(name)) {
        return true;
      }
      for (Glob glob : globs) {
        if (glob.matches(name)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return text;
    }

    @Override
    public String actual(ToolDefinition tool) {
      return quote(tool.name());
    }
  }

  /** The tool has at least one of some tags. */
  final class Tags implements Check<ToolDefinition> {
    private final Values values;

    Tags(Collection<String> values) {
      this.values = new Values(values);
    }

    @Override
    public boolean test(ToolDefinition tool) {
      List<String> tags = tool.tags();
      for (int i = 0; i < tags.size(); i++) {
        if (values.contains(tags.get(i))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return "tags any of " + values;
    }

    @Override
    public String actual(ToolDefinition tool) {
      return tool.tags().toString();
    }
  }

  /** A behaviour hint, with MCP's default when the tool leaves it unset. */
  final class Hint implements Check<ToolDefinition> {
    private final String hint;
    private final Predicate<ToolAnnotations> effective;
    private final Function<ToolAnnotations, @Nullable Boolean> declared;
    private final boolean required;

    Hint(
        String hint,
        Function<ToolAnnotations, @Nullable Boolean> declared,
        boolean defaultValue,
        boolean required) {
      this.hint = hint;
      this.declared = declared;
      this.effective =
          annotations -> {
            Boolean value = declared.apply(annotations);
            return value == null ? defaultValue : value;
          };
      this.required = required;
    }

    @Override
    public boolean test(ToolDefinition tool) {
      return effective.test(tool.annotations()) == required;
    }

    @Override
    public String describe() {
      return hint + " == " + required;
    }

    @Override
    public String actual(ToolDefinition tool) {
      boolean value = effective.test(tool.annotations());
      return declared.apply(tool.annotations()) == null ? value + " (unset, MCP default)" : "" + value;
    }
  }
}
